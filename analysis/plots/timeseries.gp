# A run's timeseries.csv as a picture: offered load and throughput, latency percentiles,
# and rejected / timed-out requests, over simulated time.
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

set ylabel 'requests / s'
plot in using 1:($3 / w($1, $2)) with steps lw 2 title 'offered (arrivals)', \
     '' using 1:10 with steps lw 2 title 'throughput (completed)'

set ylabel 'latency (s)'
set logscale y
plot in using 1:($11 > 0 ? $11 : 1/0) with steps lw 2 title 'p50', \
     '' using 1:($12 > 0 ? $12 : 1/0) with steps lw 2 title 'p99'
unset logscale y

set ylabel 'requests / s'
plot in using 1:($5 / w($1, $2)) with steps lw 2 title 'rejected', \
     '' using 1:($6 / w($1, $2)) with steps lw 2 title 'timed out', \
     '' using 1:($9 / 100) with steps lw 1 dt 2 title 'in flight / 100'
unset multiplot
