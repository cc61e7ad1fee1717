# Actual against target, side by side per period.  Columns: index, period,
# actual, target, actual label, target label ("-" for missing values).
load scripts."/common.gp"
set style fill solid 0.85 border -1
set boxwidth 0.35
set datafile missing "-"
set offsets 0.5, 0.5, graph 0.12, 0
set yrange [0:*]
plot datafile using ($1 - 0.2):3:xtic(2) with boxes lc rgb "#1f5fa8" title "实际", \
     '' using ($1 + 0.2):4 with boxes lc rgb "#e67e22" title "目标", \
     '' using ($1 - 0.2):3:5 with labels offset 0,1.2 font font.",15" notitle, \
     '' using ($1 + 0.2):4:6 with labels offset 0,1.2 font font.",15" notitle
