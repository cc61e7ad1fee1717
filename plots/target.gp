# Actual against target, side by side per period; derived actual values
# hollow.  Columns: index, period, actual, target, actual label, target
# label, actual origin ("-" for missing values).  lo, hi: the smallest and
# largest value (set by zhibiao plot); nderived: derived actual values.
load scripts."/common.gp"
set style fill solid 0.85 border -1
set boxwidth 0.35
set datafile missing "-"
if (!exists("lo")) lo = 0
if (!exists("hi")) hi = 0
# from 0, or below it when a value is negative (labels under those bars)
lo = lo < 0 ? lo : 0
hi = hi > 0 ? hi : 0
pad = (hi - lo > 0 ? hi - lo : 1) * 0.12
set yrange [lo < 0 ? lo - pad : 0 : hi + pad]
if (lo < 0) set xzeroaxis lt 1 lc rgb "#555555" lw 1
# a label sits this far (y units) above its bar, or under a negative one: one
# labels plot per column, as gnuplot 5.4 can crash on a labels plot whose
# points are all undefined
up = ((hi + pad) - (lo < 0 ? lo - pad : 0)) * 0.04
lab(i, col) = (npoints - int(i)) % every_label == 0 ? stringcolumn(col) : ""
plot datafile using 1:(NaN):xtic(tick($1)) notitle, \
     '' using ($1 - 0.2):(stringcolumn(7) eq "derived" ? NaN : $3) with boxes lc rgb "#1f5fa8" title "实际", \
     '' using ($1 - 0.2):(stringcolumn(7) eq "derived" ? $3 : NaN) with boxes lc rgb "#1f5fa8" lw 3 fs empty border title (nderived > 0 ? "实际(推算值, 空心)" : ""), \
     '' using ($1 + 0.2):4 with boxes lc rgb "#e67e22" title "目标", \
     '' using ($1 - 0.2):($3 + (($3 >= 0) ? up : -up)):(lab($1, 5)) with labels font font.",15" notitle, \
     '' using ($1 + 0.2):($4 + (($4 >= 0) ? up : -up)):(lab($1, 6)) with labels font font.",15" notitle
