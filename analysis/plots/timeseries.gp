# A run's timeseries.csv as a picture: offered load and throughput, latency percentiles,
# and rejected / timed-out requests, over simulated time. Columns are read by name (the role
# columns after the core ones may change with the scenario and the role registry).
# Usage: gnuplot -e "in='results/runs/ramp/timeseries.csv'; out='ramp.png'; title='ramp'" analysis/plots/timeseries.gp
if (!exists("in")) in = 'timeseries.csv'
if (!exists("out")) out = 'timeseries.png'
if (!exists("title")) title = in

set datafile separator ','
set key autotitle columnhead
set terminal pngcairo size 1100,820 font 'sans,10'
set output out
set multiplot layout 3,1 title title
set lmargin 10
set grid
set xlabel 'simulated time (s)'
w(a, b) = (b > a) ? b - a : 1
width(unused) = w(column('t_start_s'), column('t_end_s'))

set ylabel 'requests / s'
plot in using 't_start_s':(column('arrivals') / width(0)) with steps lw 2 title 'offered (arrivals)', \
     '' using 't_start_s':'throughput_rps' with steps lw 2 title 'throughput (completed)'

set ylabel 'latency (s)'
set logscale y
plot in using 't_start_s':(column('latency_p50_s') > 0 ? column('latency_p50_s') : 1/0) with steps lw 2 title 'p50', \
     '' using 't_start_s':(column('latency_p99_s') > 0 ? column('latency_p99_s') : 1/0) with steps lw 2 title 'p99'
unset logscale y

set ylabel 'requests / s'
plot in using 't_start_s':(column('rejected') / width(0)) with steps lw 2 title 'rejected', \
     '' using 't_start_s':(column('timed_out') / width(0)) with steps lw 2 title 'timed out', \
     '' using 't_start_s':(column('in_flight') / 100) with steps lw 1 dt 2 title 'in flight / 100'
unset multiplot
