# Ranks: 1 at the top, integer ticks.  Columns: time (months), period,
# value, origin, label, index; a blank line breaks the line.
load scripts."/common.gp"
set style line 1 lc rgb "#c0392b" lw 4 pt 7 ps 2.4
stats datafile using 3 nooutput
set yrange [STATS_max + 1 : 0.5]
# every rank down to 15; below, every fifth and 1
if (STATS_max > 15) { set ytics 5; set ytics add ("1" 1) } else { set ytics 1 }
lab(i) = (npoints - int(i)) % every_label == 0 ? sprintf("第%d", int(column(3))) : ""
plot datafile using 1:3:xtic(tick($6)) with linespoints ls 1 title "名次", \
     '' using 1:3:(lab($6)) with labels boxed offset 0,1.6 font font.",16" notitle
