# A run's ledger.csv (the economy, one row per epoch) in three panels over simulated time: the
# token flows of each epoch (fees, emission rewards, slashed stake, burned tokens), operators in
# the network and active users, and the token price.
# Usage: gnuplot -e "in='results/runs/hype-fade/ledger.csv'; out='ledger.svg'" analysis/plots/run-ledger.gp
# Variables: in, out (.svg: SVG, else PNG), title, users (1: draw active_users on the right axis).
if (!exists("in")) in = 'ledger.csv'
if (!exists("out")) out = 'ledger.png'
if (!exists("title")) title = in
if (!exists("users")) users = 1

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
set linetype 7 lc rgb '#e377c2'
set linetype 8 lc rgb '#7f7f7f'
set linetype 9 lc rgb '#bcbd22'
set linetype 10 lc rgb '#17becf'
set linetype cycle 10
set datafile separator ','
set datafile columnheaders
set multiplot layout 3,1 title title
set lmargin 12
set rmargin 12
set grid
set key outside below center horizontal Left reverse
set xrange [0:*]
set autoscale xfixmax
set xlabel 'simulated time at the end of the epoch (s)'

set title 'token flows per epoch'
set ylabel 'OPG per epoch'
set yrange [0:*]
# Amounts are integers of base units (10^9 per OPG). burned_units is a running total: the
# epoch's amount is its increase over the previous row.
opg(c) = column(c) / 1e9
prev = 0
increase(c) = (b = opg(c), d = (column(0) == 0) ? b : b - prev, prev = b, d)
plot in using 't_end_s':(opg('fees_units')) with linespoints lw 2 pt 7 ps 0.5 title 'fees paid', \
     '' using 't_end_s':(opg('rewards_units')) with linespoints lw 2 pt 7 ps 0.5 title 'rewards paid', \
     '' using 't_end_s':(opg('slashed_units')) with linespoints lw 2 pt 7 ps 0.5 title 'stake slashed', \
     '' using 't_end_s':(increase('burned_units')) with linespoints lw 2 pt 7 ps 0.5 title 'burned'

set title 'capacity and demand'
set ylabel 'operators'
set ytics nomirror
if (users) {
  set y2label 'active users'
  set y2tics nomirror
  set y2range [0:*]
  plot in using 't_end_s':'operators_active' with steps lw 2 title 'operators active', \
       '' using 't_end_s':'operators_joining' with steps lw 1.5 dt 2 title 'operators joining', \
       '' using 't_end_s':'active_users' axes x1y2 with steps lw 2 title 'active users (right axis)'
  unset y2label
  unset y2tics
} else {
  plot in using 't_end_s':'operators_active' with steps lw 2 title 'operators active', \
       '' using 't_end_s':'operators_joining' with steps lw 1.5 dt 2 title 'operators joining'
}
set ytics mirror

set title 'token price at the end of each epoch'
set ylabel 'USD per OPG'
plot in using 't_end_s':'token_price_usd' with linespoints lw 2 pt 7 ps 0.5 lc rgb '#9467bd' title 'token price'
unset multiplot
