# Ranks: 1 at the top, integer ticks.  Columns: index, period, value,
# origin, label.
load scripts."/common.gp"
set style line 1 lc rgb "#c0392b" lw 4 pt 7 ps 2.4
set yrange [*:0.5] reverse
set ytics 1
set autoscale ymax
set yrange [] reverse
stats datafile using 3 nooutput
set yrange [STATS_max + 1 : 0.5]
plot datafile using 1:3:xtic(2) with linespoints ls 1 title "名次", \
     '' using 1:3:(sprintf("第%d", int($3))) with labels offset 0,1.6 font font.",16" notitle
