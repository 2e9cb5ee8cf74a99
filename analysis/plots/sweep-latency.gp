# A sweep's latency percentiles (p50 and p99 of the user-seen latency, mean over replications,
# 95 % confidence intervals as error bars) against its offered load.
# Input: the plot copy of curve.csv that `opgsim report` writes (report/curve-plot.csv), see
# sweep-throughput.gp.
# Usage: gnuplot -e "in='sweep/report/curve-plot.csv'; out='latency.svg'" analysis/plots/sweep-latency.gp
# Variables: in, out (.svg: SVG, else PNG), title, xlabel, nseries, titles, logy (1: logarithmic
# latency axis; every plotted value must then be > 0).
if (!exists("in")) in = 'curve-plot.csv'
if (!exists("out")) out = 'latency.png'
if (!exists("title")) title = 'Latency against offered load'
if (!exists("xlabel")) xlabel = 'offered load (requests / s)'
if (!exists("nseries")) nseries = 1
if (!exists("titles")) titles = ''
if (!exists("logy")) logy = 1

if (strlen(out) > 4 && out[strlen(out)-3:] eq '.svg') {
  set terminal svg size 1000,560 noenhanced font 'Helvetica,13' background rgb 'white'
} else {
  set terminal pngcairo size 1000,560 noenhanced font 'sans,10'
}
set output out
# Colors that stay apart on screen and paper (Tableau 10).
set linetype 1 lc rgb '#1f77b4'
set linetype 2 lc rgb '#ff7f0e'
set linetype 3 lc rgb '#2ca02c'
set linetype 4 lc rgb '#d62728'
set linetype 5 lc rgb '#9467bd'
set linetype 6 lc rgb '#8c564b'
set linetype 7 lc rgb '#e377c2'
set linetype 8 lc rgb '#7f7f7f'
set linetype 9 lc rgb '#bcbd22'
set linetype 10 lc rgb '#17becf'
set linetype cycle 10
set datafile separator ','
set datafile columnheaders
set title title
set grid
set grid mytics
set key top left box opaque
set xlabel xlabel
set xrange [0:*]
set offsets 0, graph 0.03, 0, 0
if (logy) {
  set logscale y
  set ylabel 'latency (s, log scale)'
} else {
  set ylabel 'latency (s)'
  set yrange [0:*]
}

name(s, p) = (nseries > 1 && words(titles) >= s) ? p.' '.word(titles, s) : p.' (mean, 95 % CI)'
in_series(s) = (int(column('series')) == s - 1)
# On a log axis an interval reaching 0 or below would hide the bar: clip its low end.
low(m, c) = (logy && m - c <= 0) ? m / 10 : m - c

plot for [s=1:nseries] in using (in_series(s) ? column('x') : NaN):(column('latency_s.p99_mean')): \
         (low(column('latency_s.p99_mean'), column('latency_s.p99_ci95'))): \
         (column('latency_s.p99_mean') + column('latency_s.p99_ci95')) \
         with yerrorlines lw 2 pt 7 ps 0.8 lc s title name(s, 'p99'), \
     for [s=1:nseries] in using (in_series(s) ? column('x') : NaN):(column('latency_s.p50_mean')): \
         (low(column('latency_s.p50_mean'), column('latency_s.p50_ci95'))): \
         (column('latency_s.p50_mean') + column('latency_s.p50_ci95')) \
         with yerrorlines lw 2 dt 2 pt 5 ps 0.7 lc s title name(s, 'p50')
