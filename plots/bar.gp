# Levels (亿元, or counts): bars with value labels; derived bars hollow.
# Columns: time (months), period, value, origin, label, index; a blank
# line between two points breaks the line (a gap in time).
load scripts."/common.gp"
set style fill solid 0.85 border -1
set boxwidth 0.6 * xstep absolute
# from 0, or below it when a value is negative (labels under those bars)
stats datafile using 3 nooutput
lo = STATS_min < 0 ? STATS_min : 0
hi = STATS_max > 0 ? STATS_max : 0
pad = (hi - lo > 0 ? hi - lo : 1) * 0.12
set yrange [lo < 0 ? lo - pad : 0 : hi + pad]
if (lo < 0) set xzeroaxis lt 1 lc rgb "#555555" lw 1
# a label sits this far (y units) above its bar, or under a negative one: one
# labels plot, as gnuplot 5.4 can crash on a labels plot whose points are
# all undefined
up = ((hi + pad) - (lo < 0 ? lo - pad : 0)) * 0.04
lab(i) = (npoints - int(i)) % every_label == 0 ? stringcolumn(5) : ""
plot datafile using 1:(stringcolumn(4) eq "derived" ? NaN : $3):xtic(tick($6)) with boxes lc rgb "#1f5fa8" title "报告值", \
     '' using 1:(stringcolumn(4) eq "derived" ? $3 : NaN) with boxes lc rgb "#1f5fa8" lw 3 fs empty border title (nderived > 0 ? "推算值(空心)" : ""), \
     '' using 1:($3 + (($3 >= 0) ? up : -up)):(lab($6)) with labels font font.",16" notitle
