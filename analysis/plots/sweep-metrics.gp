# Metrics of a sweep against its x axis (the offered load, or the swept parameter when the sweep
# is over anything else): one line per metric (and per combination of the other parameters),
# means with 95 % confidence intervals as error bars, the knee analyze finds as a dotted vertical
# line and SLO bounds as dashed horizontal lines. Colours come from `opgsim report`'s one table
# (analysis/plots/../report/palette.cpp).
# Input: the plot copy of curve.csv that `opgsim report` writes (report/curve-plot.csv): the
# columns of curve.csv (m_mean, m_ci95), sorted, plus `series` (0, 1, ...), `x` and `x_ci` (the x
# value and its 95 % half-width, 0 when unknown).
# Usage: gnuplot -e "in='sweep/report/curve-plot.csv'; out='throughput.svg'; metrics='throughput_rps'" analysis/plots/sweep-metrics.gp
# Variables: in, out (.svg: SVG, else PNG), title, xlabel, ylabel, metrics (words: curve metrics),
# mtitles and mcolours (their legend titles and colours), nseries and titles (series of the other
# parameters, their legend titles), diag (1: draw y = x), logy (1: log y axis), logx (1: log x
# axis), knee_x (< -1e300: none) and knee_label, slo_y and slo_t (words: bounds and their labels).
if (!exists("in")) in = 'curve-plot.csv'
if (!exists("out")) out = 'metrics.png'
if (!exists("title")) title = ''
if (!exists("xlabel")) xlabel = 'offered load (requests / s)'
if (!exists("ylabel")) ylabel = ''
if (!exists("metrics")) metrics = 'throughput_rps'
if (!exists("mtitles")) mtitles = metrics
if (!exists("mcolours")) mcolours = '#2ca02c'
if (!exists("nseries")) nseries = 1
if (!exists("titles")) titles = ''
if (!exists("diag")) diag = 0
if (!exists("logy")) logy = 0
if (!exists("logx")) logx = 0
if (!exists("knee_x")) knee_x = -1e308
if (!exists("knee_label")) knee_label = 'knee'
if (!exists("slo_y")) slo_y = ''
if (!exists("slo_t")) slo_t = ''
if (!exists("c_knee")) c_knee = '#d62728'
if (!exists("c_slo")) c_slo = '#7f7f7f'
if (!exists("c_diag")) c_diag = '#525252'

if (strlen(out) > 4 && out[strlen(out)-3:] eq '.svg') {
  set terminal svg size 1000,560 noenhanced font 'Helvetica,13' background rgb 'white'
} else {
  set terminal pngcairo size 1000,560 noenhanced font 'sans,10'
}
set output out
set datafile separator ','
# The i-th colour of a list (a plot loop with no iteration still reads its colour).
pick(list, i) = (words(list) >= i) ? word(list, i) : '#000000'
set datafile columnheaders
set key title title
set grid
# The data is drawn over the axes, so a line at zero is not hidden under the border.
set border back
# The legend above the plot, under the title: it never covers a point nor crowds the x axis.
set key outside top center horizontal Left reverse samplen 2
set xlabel xlabel
set ylabel ylabel
# Room above the highest point, so a flat line at the maximum is not drawn on the border.
set offsets graph 0.02, graph 0.03, graph 0.05, 0
if (logx) { set logscale x } else { set xrange [0:*] }
if (logy) { set logscale y } else { set yrange [0:*] }
if (knee_x > -1e300) {
  set arrow 1 from first knee_x, graph 0 to first knee_x, graph 1 nohead lw 2 dt 3 lc rgb c_knee front
  set label 1 knee_label at first knee_x, graph 0.96 offset 0.5,0 left front tc rgb c_knee
}
do for [k=1:words(slo_y)] {
  b = real(word(slo_y, k))
  set arrow (10 + k) from graph 0, first b to graph 1, first b nohead lw 1.5 dt 2 lc rgb c_slo front
  set label (10 + k) word(slo_t, k) at graph 0.01, first b offset 0,0.6 left front tc rgb c_slo
}

in_series(s) = (int(column('series')) == s - 1)
name(m, s) = word(mtitles, m) . ((nseries > 1 && words(titles) >= s) ? ' (' . word(titles, s) . ')' : '')
pos(c) = (logy && column(c) <= 0) ? NaN : column(c)
nm = words(metrics)
if (diag) {
  plot x with lines dt 2 lw 1.5 lc rgb c_diag title 'y = x (all offered load served)', \
       for [m=1:nm] for [s=1:nseries] in using (in_series(s) ? column('x') : NaN):(pos(word(metrics, m).'_mean')):(column('x_ci')):(column(word(metrics, m).'_ci95')) \
           with xyerrorlines lw 2 pt (6 + s) ps 0.8 lc rgb pick(mcolours, m) title name(m, s)
} else {
  plot for [m=1:nm] for [s=1:nseries] in using (in_series(s) ? column('x') : NaN):(pos(word(metrics, m).'_mean')):(column('x_ci')):(column(word(metrics, m).'_ci95')) \
           with xyerrorlines lw 2 pt (6 + s) ps 0.8 lc rgb pick(mcolours, m) title name(m, s)
}
