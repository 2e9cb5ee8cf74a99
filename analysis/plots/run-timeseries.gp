# A run's timeseries.csv in panels over simulated time: offered load and throughput (and the
# requests lost, when any), latency percentiles, optionally TTFT/TPOT, finality, queue length and
# utilization, the backlogs of the other roles, the chain's own state (one panel per column) and
# the nodes up per role. Columns are read by name (results/README.md), so optional columns do not
# shift anything. Colours come from `opgsim report`'s one table (analysis/report/palette.cpp).
# Usage: gnuplot -e "in='results/runs/ramp/timeseries.csv'; out='timeseries.svg'" analysis/plots/run-timeseries.gp
# Variables: in, out (.svg: SVG, else PNG), title, lost (columns of lost requests to draw, e.g.
# 'rejected timed_out') and lost_c (their colours), logy (1: log latency axis), delivered (1: draw
# delivered_rps), ttft (1: a TTFT/TPOT panel), finality (1: a finality p99 panel), util and util_c
# (further utilization columns next to the inference one, and colours), backlog and backlog_c (a
# backlog panel, '' for none), chain, chain_t and chain_c (one panel per column, its title and
# colour), up and up_c (a nodes-up panel, '' for none); knee_t (a vertical line at this time, < 0:
# none) and knee_label; slo_lat, slo_ttft, slo_tpot, slo_fin (horizontal bound lines in seconds, <
# 0: none) and slo_label; colours c_* of the fixed series.
if (!exists("in")) in = 'timeseries.csv'
if (!exists("out")) out = 'timeseries.png'
if (!exists("title")) title = in
if (!exists("lost")) lost = 'rejected timed_out'
if (!exists("lost_c")) lost_c = '#d62728 #ff9896'
if (!exists("logy")) logy = 1
if (!exists("delivered")) delivered = 0
if (!exists("ttft")) ttft = 0
if (!exists("finality")) finality = 0
if (!exists("util")) util = ''
if (!exists("util_c")) util_c = ''
if (!exists("backlog")) backlog = ''
if (!exists("backlog_c")) backlog_c = ''
if (!exists("chain")) chain = ''
if (!exists("chain_t")) chain_t = ''
if (!exists("chain_c")) chain_c = ''
if (!exists("up")) up = ''
if (!exists("up_c")) up_c = ''
if (!exists("knee_t")) knee_t = -1
if (!exists("knee_label")) knee_label = 'knee'
if (!exists("slo_lat")) slo_lat = -1
if (!exists("slo_ttft")) slo_ttft = -1
if (!exists("slo_tpot")) slo_tpot = -1
if (!exists("slo_fin")) slo_fin = -1
if (!exists("slo_label")) slo_label = 'SLO'
if (!exists("c_offered")) c_offered = '#1f77b4'
if (!exists("c_throughput")) c_throughput = '#2ca02c'
if (!exists("c_delivered")) c_delivered = '#98df8a'
if (!exists("c_p50")) c_p50 = '#6baed6'
if (!exists("c_p99")) c_p99 = '#08519c'
if (!exists("c_ttft50")) c_ttft50 = '#fdae6b'
if (!exists("c_ttft99")) c_ttft99 = '#e6550d'
if (!exists("c_tpot99")) c_tpot99 = '#756bb1'
if (!exists("c_fin")) c_fin = '#31a354'
if (!exists("c_queue")) c_queue = '#ff7f0e'
if (!exists("c_inflight")) c_inflight = '#7f7f7f'
if (!exists("c_util")) c_util = '#1f77b4'
if (!exists("c_knee")) c_knee = '#d62728'
if (!exists("c_slo")) c_slo = '#7f7f7f'

panels = 3 + (ttft ? 1 : 0) + (finality ? 1 : 0) + (words(backlog) > 0) + words(chain) + (words(up) > 0)
if (strlen(out) > 4 && out[strlen(out)-3:] eq '.svg') {
  set terminal svg size 1000,(60 + 300 * panels) noenhanced font 'Helvetica,13' background rgb 'white'
} else {
  set terminal pngcairo size 1000,(60 + 300 * panels) noenhanced font 'sans,10'
}
set output out
set datafile separator ','
# The i-th colour of a list (a plot loop with no iteration still reads its colour).
pick(list, i) = (words(list) >= i) ? word(list, i) : '#000000'
set datafile columnheaders
set multiplot layout panels,1 title title.'   (x axis: simulated time (s))'
set lmargin 11
set rmargin 11
set grid
# The data is drawn over the axes, so a line at zero is not hidden under the border.
set border back
# Each panel's title and legend above it (the legend's title), and no label under the time axis:
# nothing crowds the axis of the panel above.
set key outside top center horizontal Left reverse samplen 2
set xrange [0:*]
set autoscale xfixmax
# Room above the highest value, so a flat line at the maximum is not drawn on the border.
set offsets 0, 0, graph 0.05, 0
per_s(c) = column(c) / ((column('t_end_s') > column('t_start_s')) ? column('t_end_s') - column('t_start_s') : 1)
nice(c) = (c eq 'timed_out') ? 'timed out' : (c eq 'in_flight') ? 'in flight' : c
pos(c) = (column(c) > 0) ? column(c) : NaN
# The knee: a vertical line with its label, in every panel.
if (knee_t >= 0) {
  set arrow 1 from first knee_t, graph 0 to first knee_t, graph 1 nohead lw 2 dt 3 lc rgb c_knee front
  set label 1 knee_label at first knee_t, graph 0.96 offset 0.5,0 left front tc rgb c_knee
}
# A horizontal SLO bound at y (seconds) in the current panel, or none.
slo_on(y) = (y > 0)

set key title 'load: requests submitted and completed per second'
set ylabel 'requests / s'
set yrange [0:*]
plot in using 't_start_s':(per_s('arrivals')) with steps lw 2 lc rgb c_offered title 'offered (arrivals)', \
     '' using 't_start_s':'throughput_rps' with steps lw 2 lc rgb c_throughput title 'throughput (completed)', \
     for [i=1:delivered] '' using 't_start_s':'delivered_rps' with steps lw 2 dt 4 lc rgb c_delivered \
         title 'delivered (answers users got)', \
     for [i=1:words(lost)] '' using 't_start_s':(per_s(word(lost, i))) with steps lw 1.5 dt 2 lc rgb pick(lost_c, i) \
         title nice(word(lost, i))
set yrange [*:*]

set key title 'latency of the requests completed in each window'
if (slo_on(slo_lat)) { set arrow 2 from graph 0, first slo_lat to graph 1, first slo_lat nohead lw 1.5 dt 2 lc rgb c_slo front
                       set label 2 slo_lat_t at graph 0.01, first slo_lat offset 0,0.6 left front tc rgb c_slo }
if (logy) {
  set logscale y
  set ylabel 'latency (s, log)'
  plot in using 't_start_s':(pos('latency_p50_s')) with steps lw 2 lc rgb c_p50 title 'p50', \
       '' using 't_start_s':(pos('latency_p99_s')) with steps lw 2 lc rgb c_p99 title 'p99'
  unset logscale y
} else {
  set ylabel 'latency (s)'
  set yrange [0:*]
  plot in using 't_start_s':'latency_p50_s' with steps lw 2 lc rgb c_p50 title 'p50', \
       '' using 't_start_s':'latency_p99_s' with steps lw 2 lc rgb c_p99 title 'p99'
  set yrange [*:*]
}
unset arrow 2
unset label 2

if (ttft) {
  set key title 'time to first token (TTFT) and time per output token (TPOT) in each window'
  set ylabel 'TTFT (s)'
  set y2label 'TPOT (s)'
  set ytics nomirror
  set y2tics nomirror
  set yrange [0:*]
  set y2range [0:*]
  if (slo_on(slo_ttft)) { set arrow 2 from graph 0, first slo_ttft to graph 1, first slo_ttft nohead lw 1.5 dt 2 lc rgb c_slo front
                          set label 2 slo_ttft_t at graph 0.01, first slo_ttft offset 0,0.6 left front tc rgb c_slo }
  if (slo_on(slo_tpot)) { set arrow 3 from graph 0, second slo_tpot to graph 1, second slo_tpot nohead lw 1.5 dt 2 lc rgb c_slo front
                          set label 3 slo_tpot_t at graph 0.99, second slo_tpot offset 0,0.6 right front tc rgb c_slo }
  plot in using 't_start_s':'ttft_p50_s' with steps lw 2 lc rgb c_ttft50 title 'TTFT p50', \
       '' using 't_start_s':'ttft_p99_s' with steps lw 2 lc rgb c_ttft99 title 'TTFT p99', \
       '' using 't_start_s':'tpot_p99_s' axes x1y2 with steps lw 2 dt 4 lc rgb c_tpot99 title 'TPOT p99 (right axis)'
  unset arrow 2
  unset label 2
  unset arrow 3
  unset label 3
  unset y2label
  unset y2tics
  set ytics mirror
  set yrange [*:*]
}

if (finality) {
  set key title 'finality: submission to the settlement in a committed block, p99 of the window'
  set ylabel 'finality (s)'
  set yrange [0:*]
  if (slo_on(slo_fin)) { set arrow 2 from graph 0, first slo_fin to graph 1, first slo_fin nohead lw 1.5 dt 2 lc rgb c_slo front
                         set label 2 slo_fin_t at graph 0.01, first slo_fin offset 0,0.6 left front tc rgb c_slo }
  plot in using 't_start_s':'finality_p99_s' with steps lw 2 lc rgb c_fin title 'finality p99'
  unset arrow 2
  unset label 2
  set yrange [*:*]
}

set key title 'waiting requests (at the window end); busy fraction and occupancy of the nodes that are up'
set ylabel 'requests'
set y2label 'fraction of the nodes up'
set y2range [0:1.05]
set y2tics 0.25 nomirror
set ytics nomirror
set yrange [0:*]
plot in using 't_start_s':'queue_length' with steps lw 2 lc rgb c_queue title 'queue length', \
     '' using 't_start_s':'in_flight' with steps lw 1.5 dt 2 lc rgb c_inflight title 'in flight', \
     '' using 't_start_s':'utilization_inference' axes x1y2 with steps lw 1.5 lc rgb c_util title 'utilization (inference)', \
     for [i=1:words(util)] '' using 't_start_s':(column(word(util, i))) axes x1y2 with steps lw 1.5 lc rgb pick(util_c, i) \
         title word(util, i)
unset y2label
unset y2tics
set ytics mirror
set yrange [*:*]

if (words(backlog) > 0) {
  set key title 'work waiting at the other roles (at the window end)'
  set ylabel 'items'
  set yrange [0:*]
  plot for [i=1:words(backlog)] in using 't_start_s':(column(word(backlog, i))) with steps lw 2 lc rgb pick(backlog_c, i) \
       title word(backlog, i)
  set yrange [*:*]
}

do for [k=1:words(chain)] {
  set key title 'the chain: '.word(chain_t, k)
  set ylabel word(chain, k)
  set yrange [0:*]
  plot in using 't_start_s':(column(word(chain, k))) with steps lw 2 lc rgb pick(chain_c, k) title word(chain, k)
  set yrange [*:*]
}

if (words(up) > 0) {
  set key title 'nodes up per role (at the window end)'
  set ylabel 'nodes'
  set yrange [0:*]
  plot for [i=1:words(up)] in using 't_start_s':(column(word(up, i))) with steps lw 2 lc rgb pick(up_c, i) title word(up, i)
}
unset multiplot
