# Levels (亿元, or counts): bars with value labels.  Columns: index,
# period, value, origin, label.
load scripts."/common.gp"
set style fill solid 0.85 border -1
set boxwidth 0.6
set yrange [0:*]
set offsets 0.5, 0.5, graph 0.1, 0
every_label = (npoints > 16 ? int(npoints / 12) + 1 : 1)
plot datafile using 1:(stringcolumn(4) eq "reported" ? $3 : NaN):xtic(2) with boxes lc rgb "#1f5fa8" title "报告值", \
     '' using 1:(stringcolumn(4) eq "derived" ? $3 : NaN) with boxes lc rgb "#9ab7dc" title (nderived > 0 ? "推算值" : ""), \
     '' using 1:3:(int($1) % every_label == 0 ? stringcolumn(5) : "") with labels offset 0,1.2 font font.",16" notitle
