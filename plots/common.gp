# Shared look of every chart: 16:9, CJK font, light grid, source footnote.
# Variables set by zhibiao plot: datafile, outbase, ttl, ylab, foot, font,
# scripts (this folder),
# npoints (number of periods), xstep (the time between two periods, in
# months, on a time axis: column 1 is the period's end in months).
set encoding utf8
set datafile separator "\t"
set terminal pngcairo size 1920,1080 noenhanced font font.",16" background rgb "white"
set output outbase.".png"
set title ttl font font.",30" offset 0,0.5
set ylabel ylab font font.",20"
set key at screen 0.98, screen 0.905 right top horizontal font font.",16" samplen 2 width 2
set grid ytics lc rgb "#dddddd" lw 1 dt 1
set border 3 lc rgb "#555555"
set tics nomirror font font.",16"
set xtics scale 0
# many periods: labels slanted by 45 degrees, which keeps neighbours apart
# down to about 40 px a period; beyond that every every_tick-th label only
# (the last period's always); few: level
if (npoints > 10) { set xtics rotate by 45 right } else { set xtics norotate }
every_tick = int(npoints / 43) + 1
tick(i) = (npoints - int(i)) % every_tick == 0 ? stringcolumn(2) : ""
if (!exists("xstep")) xstep = 1
# point labels: every every_label-th when crowded (the last one always)
every_label = (npoints > 16 ? int(npoints / 12) + 1 : 1)
set label 99 foot at screen 0.015, screen 0.025 left font font.",13" tc rgb "#666666"
set lmargin 14
set rmargin 6
set bmargin (npoints > 10 ? 8 : 5)
set tmargin 5
set offsets 0.6 * xstep, 0.6 * xstep, 0, 0
# value labels on a white ground ("boxed"), so a steep line under one does
# not strike it through
set style textbox opaque fillcolor rgb "white" noborder margins 0.5, 0.2
