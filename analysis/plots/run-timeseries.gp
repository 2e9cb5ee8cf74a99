# A run's timeseries.csv in panels over simulated time: offered load and throughput (and the
# requests lost, when any), latency percentiles, queue length and utilization, and optionally
# the backlogs of the other roles and the nodes up per role. Columns are read by name
# (results/README.md), so the optional utilization_router column does not shift anything.
# Usage: gnuplot -e "in='results/runs/ramp/timeseries.csv'; out='timeseries.svg'" analysis/plots/run-timeseries.gp
# Variables: in, out (.svg: SVG, else PNG), title, lost (columns of lost requests to draw, e.g.
# 'rejected timed_out'), logy (1: log latency axis), finality (1: draw finality_p99_s),
# util (further utilization columns to draw next to the inference one, e.g. 'utilization_verifier'), backlog (columns for a backlog panel, '' for none),
# up (up_<role> columns for a nodes-up panel, '' for none).
if (!exists("in")) in = 'timeseries.csv'
if (!exists("out")) out = 'timeseries.png'
if (!exists("title")) title = in
if (!exists("lost")) lost = 'rejected timed_out'
if (!exists("logy")) logy = 1
if (!exists("finality")) finality = 0
if (!exists("util")) util = ''
if (!exists("backlog")) backlog = ''
if (!exists("up")) up = ''

panels = 3 + (words(backlog) > 0) + (words(up) > 0)
if (strlen(out) > 4 && out[strlen(out)-3:] eq '.svg') {
  set terminal svg size 1000,(60 + 290 * panels) noenhanced font 'Helvetica,13' background rgb 'white'
} else {
  set terminal pngcairo size 1000,(60 + 290 * panels) noenhanced font 'sans,10'
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
set multiplot layout panels,1 title title
set lmargin 11
set grid
set rmargin 11
set key outside below center horizontal Left reverse
set xrange [0:*]
set autoscale xfixmax
set xlabel 'simulated time (s)'
per_s(c) = column(c) / ((column('t_end_s') > column('t_start_s')) ? column('t_end_s') - column('t_start_s') : 1)
nice(c) = (c eq 'timed_out') ? 'timed out' : (c eq 'in_flight') ? 'in flight' : c

set title 'load: requests submitted and completed per second'
set ylabel 'requests / s'
set yrange [0:*]
plot in using 't_start_s':(per_s('arrivals')) with steps lw 2 lc 1 title 'offered (arrivals)', \
     '' using 't_start_s':'throughput_rps' with steps lw 2 lc 3 title 'throughput (completed)', \
     for [i=1:words(lost)] '' using 't_start_s':(per_s(word(lost, i))) with steps lw 1.5 dt 2 lc (i == 1 ? 4 : i + 4) \
         title nice(word(lost, i))
set yrange [*:*]

set title 'latency of the requests completed in each window'
pos(c) = (column(c) > 0) ? column(c) : NaN
if (logy) {
  set logscale y
  set ylabel 'latency (s, log)'
  plot in using 't_start_s':(pos('latency_p50_s')) with steps lw 2 title 'p50', \
       '' using 't_start_s':(pos('latency_p99_s')) with steps lw 2 title 'p99', \
       for [i=1:finality] '' using 't_start_s':(pos('finality_p99_s')) with steps lw 1.5 dt 2 title 'finality p99'
  unset logscale y
} else {
  set ylabel 'latency (s)'
  plot in using 't_start_s':'latency_p50_s' with steps lw 2 title 'p50', \
       '' using 't_start_s':'latency_p99_s' with steps lw 2 title 'p99', \
       for [i=1:finality] '' using 't_start_s':'finality_p99_s' with steps lw 1.5 dt 2 title 'finality p99'
}

set title 'waiting requests (at the window end) and busy fraction of the nodes'
set ylabel 'requests'
set y2label 'utilization'
set y2range [0:1.05]
set y2tics 0.25 nomirror
set ytics nomirror
set yrange [0:*]
plot in using 't_start_s':'queue_length' with steps lw 2 title 'queue length', \
     '' using 't_start_s':'in_flight' with steps lw 1.5 dt 2 title 'in flight', \
     '' using 't_start_s':'utilization_inference' axes x1y2 with steps lw 1.5 title 'utilization (inference)', \
     for [i=1:words(util)] '' using 't_start_s':(column(word(util, i))) axes x1y2 with steps lw 1.5 title word(util, i)
unset y2label
unset y2tics
set ytics mirror
set yrange [*:*]

if (words(backlog) > 0) {
  set title 'work waiting at the other roles (at the window end)'
  set ylabel 'items'
  set yrange [0:*]
  plot for [i=1:words(backlog)] in using 't_start_s':(column(word(backlog, i))) with steps lw 2 lc (i + 5) \
       title word(backlog, i)
  set yrange [*:*]
}

if (words(up) > 0) {
  set title 'nodes up per role (at the window end)'
  set ylabel 'nodes'
  set yrange [0:*]
  plot for [i=1:words(up)] in using 't_start_s':(column(word(up, i))) with steps lw 2 lc i title word(up, i)
}
unset multiplot
