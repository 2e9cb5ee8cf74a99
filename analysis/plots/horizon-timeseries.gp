# A long-horizon run's timeseries.csv (one row per period; sim/horizon/) in three panels over
# simulated days: demand and delivery (offered and delivered requests/s, active users), the
# latency of each period's request-level windows, and the capacity online with the fraction of
# requests completed. Periods whose windows were simulated (perf_source "measured") are marked.
# Usage: gnuplot -e "in='run/timeseries.csv'; out='horizon.svg'" analysis/plots/horizon-timeseries.gp
# Variables: in, out (.svg: SVG, else PNG), title, logy (1: latency on a log axis).
if (!exists("in")) in = 'timeseries.csv'
if (!exists("out")) out = 'horizon.png'
if (!exists("title")) title = in
if (!exists("logy")) logy = 1

if (strlen(out) > 4 && out[strlen(out)-3:] eq '.svg') {
  set terminal svg size 1000,900 noenhanced font 'Helvetica,13' background rgb 'white'
} else {
  set terminal pngcairo size 1000,900 noenhanced font 'sans,10'
}
set output out
# Colors that stay apart on screen and paper (Tableau 10).
set linetype 1 lc rgb '#1f77b4'
set linetype 2 lc rgb '#ff7f0e'
set linetype 3 lc rgb '#2ca02c'
set linetype 4 lc rgb '#d62728'
set linetype 5 lc rgb '#9467bd'
set linetype 6 lc rgb '#8c564b'
set linetype cycle 6
set datafile separator ','
set datafile columnheaders
set multiplot layout 3,1 title title
set lmargin 12
set rmargin 12
set grid
# Room above the highest line, so that a constant one is not drawn on the frame.
set offsets 0, 0, graph 0.08, 0
set key outside below center horizontal Left reverse
day(c) = column(c) / 86400.0
set xrange [0:*]
set autoscale xfixmax
# No x label: with the key below it would crowd the legend; the panel titles say "days".
unset xlabel
measured(c) = (strcol('perf_source') eq 'measured') ? column(c) : 1/0
# A period's value is drawn over the period itself, [t_start, t_end), as a flat segment.
t0 = 't_start_s'
len(c) = (column('t_end_s') - column('t_start_s')) / 86400.0

set title 'demand and delivery per period (x: simulated days)'
set ylabel 'requests/s'
set yrange [0:*]
set ytics nomirror
set y2label 'active users'
set y2tics nomirror
set y2range [0:*]
plot in using (day(t0)):'offered_rps':(len(0)):(0) with vectors nohead lw 5 lc rgb '#aec7e8' title 'offered', \
     '' using (day(t0)):'throughput_rps':(len(0)):(0) with vectors nohead lw 2 title 'delivered', \
     '' using ((day(t0) + day('t_end_s')) / 2):(measured('throughput_rps')) with points pt 7 ps 0.6 lc rgb '#2ca02c' title 'period simulated at request level', \
     '' using (day(t0)):'active_users':(len(0)):(0) axes x1y2 with vectors nohead lw 2 dt 2 lc rgb '#9467bd' title 'active users (right axis)'
unset y2label
unset y2tics
set ytics mirror

set title "latency in the period's request-level windows (x: simulated days)"
set ylabel 's'
if (logy) { set logscale y; set yrange [*:*] } else { set yrange [0:*] }
plot in using (day(t0)):'latency_p50_s':(len(0)):(0) with vectors nohead lw 2 title 'latency p50', \
     '' using (day(t0)):'latency_p99_s':(len(0)):(0) with vectors nohead lw 2 title 'latency p99', \
     '' using (day(t0)):'ttft_p99_s':(len(0)):(0) with vectors nohead lw 2 title 'TTFT p99'
unset logscale y

set title 'capacity online and requests completed (x: simulated days)'
set ylabel 'operators / nodes'
set yrange [0:*]
set ytics nomirror
set y2label 'completed fraction'
set y2tics nomirror
set y2range [0:1.05]
plot in using (day(t0)):'active_operators':(len(0)):(0) with vectors nohead lw 2 title 'operators active', \
     '' using (day(t0)):'active_nodes':(len(0)):(0) with vectors nohead lw 1.5 dt 2 title 'inference nodes up', \
     '' using (day(t0)):'completed_fraction':(len(0)):(0) axes x1y2 with vectors nohead lw 2 lc rgb '#d62728' title 'completed fraction (right axis)'
unset multiplot
