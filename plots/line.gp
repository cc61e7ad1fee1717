# Rates over periods (growth, share, rate, change): a line with point
# labels; derived points hollow.  Columns: time (months), period, value,
# origin, label, index; a blank line breaks the line (a gap in time).  nderived: how many points are derived.
load scripts."/common.gp"
set style line 1 lc rgb "#1f5fa8" lw 4 pt 7 ps 2.2
set style line 2 lc rgb "#1f5fa8" lw 3 pt 6 ps 2.2
set yrange [*:*]
set autoscale y
set offsets 0.6 * xstep, 0.6 * xstep, graph 0.12, graph 0.08
lab(i) = (npoints - int(i)) % every_label == 0 ? stringcolumn(5) : ""
# a derived point is white inside, so the line does not show through it
plot datafile using 1:3:xtic(tick($6)) with lines ls 1 notitle, \
     '' using 1:(stringcolumn(4) eq "reported" ? $3 : NaN) with points ls 1 title "报告值", \
     '' using 1:(stringcolumn(4) eq "derived" ? $3 : NaN) with points pt 7 ps 2.2 lc rgb "white" notitle, \
     '' using 1:(stringcolumn(4) eq "derived" ? $3 : NaN) with points ls 2 title (nderived > 0 ? "推算值(空心)" : ""), \
     '' using 1:3:(lab($6)) with labels boxed offset 0,1.6 font font.",16" notitle
