# Where a sweep's latency goes: per point, the mean time of each foreground stage stacked (they
# add up to the mean latency) and, in a second panel, the background stages (storage, verify,
# settle; each a mean over the requests that went through it, so they do not add up to anything).
# Input: the plot copy of curve.csv that `opgsim report` writes (report/curve-plot.csv), see
# sweep-throughput.gp; its `label` column names each point under its bar.
# Usage: gnuplot -e "in='sweep/report/curve-plot.csv'; out='stages.svg'" analysis/plots/sweep-stages.gp
# Variables: in, out (.svg: SVG, else PNG), title, xlabel, fg (foreground stages to stack, words
# of stages.<word>.mean_mean columns), bg (background stages, '' for no second panel), fg_c and
# bg_c (their colours: `opgsim report` gives each stage its colour from one table).
if (!exists("in")) in = 'curve-plot.csv'
if (!exists("out")) out = 'stages.png'
if (!exists("title")) title = 'Mean time per stage'
if (!exists("xlabel")) xlabel = 'offered load (requests / s)'
if (!exists("fg")) fg = 'route data queue inference proof deliver'
if (!exists("bg")) bg = ''
if (!exists("fg_c")) fg_c = '#9edae5 #17becf #ff7f0e #1f77b4 #9467bd #2ca02c'
if (!exists("bg_c")) bg_c = '#8c564b #e377c2 #bcbd22'

panels = (words(bg) > 0) ? 2 : 1
if (strlen(out) > 4 && out[strlen(out)-3:] eq '.svg') {
  set terminal svg size 1000,(120 + 330 * panels) noenhanced font 'Helvetica,13' background rgb 'white'
} else {
  set terminal pngcairo size 1000,(120 + 330 * panels) noenhanced font 'sans,10'
}
set output out
set datafile separator ','
# The i-th colour of a list (a plot loop with no iteration still reads its colour).
pick(list, i) = (words(list) >= i) ? word(list, i) : '#000000'
set datafile columnheaders
set grid ytics
set style data histograms
set style histogram rowstacked
set style fill solid 0.85 border rgb 'gray30'
set boxwidth 0.7 relative
set key outside right top vertical Left reverse
set xtics rotate by -30 nomirror
set lmargin 10
set rmargin 18
set yrange [0:*]
set xlabel xlabel

set multiplot layout panels,1 title title
set title 'foreground stages (stacked: they add up to the mean latency)'
set ylabel 'mean time (s)'
plot for [i=1:words(fg)] in using (column('stages.'.word(fg, i).'.mean_mean')):xtic(strcol('label')) \
     lc rgb pick(fg_c, i) title word(fg, i)

if (panels == 2) {
  set title 'background stages, after the result was delivered (stacked)'
  set ylabel 'mean time (s)'
  plot for [i=1:words(bg)] in using (column('stages.'.word(bg, i).'.mean_mean')):xtic(strcol('label')) \
       lc rgb pick(bg_c, i) title word(bg, i)
}
unset multiplot
