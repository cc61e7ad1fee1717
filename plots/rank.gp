# Ranks: 1 at the top, integer ticks.  Columns: index, period, value,
# origin, label.
load scripts."/common.gp"
set style line 1 lc rgb "#c0392b" lw 4 pt 7 ps 2.4
stats datafile using 3 nooutput
set yrange [STATS_max + 1 : 0.5]
# every rank down to 15; below, every fifth and 1
if (STATS_max > 15) { set ytics 5; set ytics add ("1" 1) } else { set ytics 1 }
lab(i) = (npoints - int(i)) % every_label == 0 ? sprintf("第%d", int(column(3))) : ""
plot datafile using 1:3:xtic(tick($1)) with linespoints ls 1 title "名次", \
     '' using 1:3:(lab($1)) with labels boxed offset 0,1.6 font font.",16" notitle
