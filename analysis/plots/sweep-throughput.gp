# A sweep's throughput against its offered load, with the y = x line (every offered request
# served) and 95 % confidence intervals of both as error bars.
# Input: the plot copy of curve.csv that `opgsim report` writes (report/curve-plot.csv): the
# columns of curve.csv (m_mean, m_ci95, m_n), sorted, plus `series` (0, 1, ...: one line each),
# `x` and `x_ci` (the x value and its 95 % half-width, 0 when unknown).
# Usage: gnuplot -e "in='sweep/report/curve-plot.csv'; out='throughput.svg'" analysis/plots/sweep-throughput.gp
# Variables: in, out (.svg: SVG, else PNG), title, xlabel, diag (1: draw y = x; set it when x is
# the offered load), nseries and titles (how many series, and their legend titles, one word each).
if (!exists("in")) in = 'curve-plot.csv'
if (!exists("out")) out = 'throughput.png'
if (!exists("title")) title = 'Throughput against offered load'
if (!exists("xlabel")) xlabel = 'offered load (requests / s)'
if (!exists("diag")) diag = 1
if (!exists("nseries")) nseries = 1
if (!exists("titles")) titles = ''

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
set key top left box opaque
set xlabel xlabel
set ylabel 'throughput (completed requests / s)'
set xrange [0:*]
set offsets 0, graph 0.03, 0, 0
set yrange [0:*]

name(s) = (nseries > 1 && words(titles) >= s) ? word(titles, s) : 'throughput (mean, 95 % CI)'
in_series(s) = (int(column('series')) == s - 1)

if (diag) {
  plot x with lines dt 2 lw 1.5 lc rgb 'gray40' title 'y = x (all offered load served)', \
       for [s=1:nseries] in using (in_series(s) ? column('x') : NaN):(column('throughput_rps_mean')):(column('x_ci')):(column('throughput_rps_ci95')) \
           with xyerrorlines lw 2 pt 7 ps 0.8 lc s title name(s)
} else {
  plot for [s=1:nseries] in using (in_series(s) ? column('x') : NaN):(column('throughput_rps_mean')):(column('x_ci')):(column('throughput_rps_ci95')) \
           with xyerrorlines lw 2 pt 7 ps 0.8 lc s title name(s)
}
