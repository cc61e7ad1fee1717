# After a chart script has drawn the PNG (1920x1080, for slides; see
# common.gp), draws the same chart as SVG and PDF.
set terminal svg size 1920,1080 noenhanced font font.",16" background rgb "white"
set output outbase.".svg"
replot
set terminal pdfcairo size 16in,9in noenhanced font font.",12"
set output outbase.".pdf"
replot
unset output
