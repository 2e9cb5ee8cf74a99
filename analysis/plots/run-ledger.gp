# A run's ledger.csv (the economy, one row per epoch) in panels over simulated time: the token
# flows of each epoch (fees, emission rewards, slashed stake, burned tokens), operators in the
# network and active users, the token price (log axis: 0.001 USD is not drawn as 0) and, with x402
# payments (their conditional columns present), the payments charged, pending and rejected.
# Colours come from `opgsim report`'s one table (analysis/report/palette.cpp).
# Usage: gnuplot -e "in='results/runs/hype-fade/ledger.csv'; out='ledger.svg'" analysis/plots/run-ledger.gp
# Variables: in, out (.svg: SVG, else PNG), title, users (1: draw active_users on the right axis),
# logprice (1: log price axis), payments (1: the x402 panel), knee_t (a vertical line at this time,
# < 0: none) and knee_label, colours c_*.
if (!exists("in")) in = 'ledger.csv'
if (!exists("out")) out = 'ledger.png'
if (!exists("title")) title = in
if (!exists("users")) users = 1
if (!exists("logprice")) logprice = 1
if (!exists("payments")) payments = 0
if (!exists("knee_t")) knee_t = -1
if (!exists("knee_label")) knee_label = 'knee'
if (!exists("c_fees")) c_fees = '#2ca02c'
if (!exists("c_rewards")) c_rewards = '#1f77b4'
if (!exists("c_slashed")) c_slashed = '#d62728'
if (!exists("c_burned")) c_burned = '#7f7f7f'
if (!exists("c_ops")) c_ops = '#1f77b4'
if (!exists("c_joining")) c_joining = '#aec7e8'
if (!exists("c_users")) c_users = '#ff7f0e'
if (!exists("c_price")) c_price = '#9467bd'
if (!exists("c_pay")) c_pay = '#2ca02c'
if (!exists("c_pending")) c_pending = '#ff7f0e'
if (!exists("c_payrej")) c_payrej = '#d62728'
if (!exists("c_knee")) c_knee = '#d62728'

panels = 3 + (payments ? 1 : 0)
if (strlen(out) > 4 && out[strlen(out)-3:] eq '.svg') {
  set terminal svg size 1000,(60 + 300 * panels) noenhanced font 'Helvetica,13' background rgb 'white'
} else {
  set terminal pngcairo size 1000,(60 + 300 * panels) noenhanced font 'sans,10'
}
set output out
set datafile separator ','
set datafile columnheaders
set multiplot layout panels,1 title title.'   (x axis: simulated time at the end of the epoch (s))'
set lmargin 12
set rmargin 12
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
if (knee_t >= 0) {
  set arrow 1 from first knee_t, graph 0 to first knee_t, graph 1 nohead lw 2 dt 3 lc rgb c_knee front
  set label 1 knee_label at first knee_t, graph 0.96 offset 0.5,0 left front tc rgb c_knee
}

set key title 'token flows per epoch'
set ylabel 'OPG per epoch'
set yrange [0:*]
# Amounts are integers of base units (10^9 per OPG). burned_units is a running total: the
# epoch's amount is its increase over the previous row.
opg(c) = column(c) / 1e9
prev = 0
increase(c) = (b = opg(c), d = (column(0) == 0) ? b : b - prev, prev = b, d)
plot in using 't_end_s':(opg('fees_units')) with linespoints lw 2 pt 7 ps 0.5 lc rgb c_fees title 'fees paid', \
     '' using 't_end_s':(opg('rewards_units')) with linespoints lw 2 pt 7 ps 0.5 lc rgb c_rewards title 'rewards paid', \
     '' using 't_end_s':(opg('slashed_units')) with linespoints lw 2 pt 7 ps 0.5 lc rgb c_slashed title 'stake slashed', \
     '' using 't_end_s':(increase('burned_units')) with linespoints lw 2 pt 7 ps 0.5 lc rgb c_burned title 'burned'

set key title 'capacity and demand'
set ylabel 'operators'
set ytics nomirror
set yrange [0:*]
if (users) {
  set y2label 'active users'
  set y2tics nomirror
  set y2range [0:*]
  plot in using 't_end_s':'operators_active' with steps lw 2 lc rgb c_ops title 'operators active', \
       '' using 't_end_s':'operators_joining' with steps lw 1.5 dt 2 lc rgb c_joining title 'operators joining', \
       '' using 't_end_s':'active_users' axes x1y2 with steps lw 2 lc rgb c_users title 'active users (right axis)'
  unset y2label
  unset y2tics
} else {
  plot in using 't_end_s':'operators_active' with steps lw 2 lc rgb c_ops title 'operators active', \
       '' using 't_end_s':'operators_joining' with steps lw 1.5 dt 2 lc rgb c_joining title 'operators joining'
}
set ytics mirror

set key title 'token price at the end of each epoch'
if (logprice) {
  set logscale y
  set yrange [*:*]
  set ylabel 'USD per OPG (log)'
} else {
  set ylabel 'USD per OPG'
}
positive(c) = (column(c) > 0) ? column(c) : NaN
plot in using 't_end_s':(positive('token_price_usd')) with linespoints lw 2 pt 7 ps 0.5 lc rgb c_price title 'token price'
unset logscale y

if (payments) {
  set key title 'x402 payments per epoch (payment chain)'
  set ylabel 'OPG'
  set yrange [0:*]
  set y2label 'rejected payments'
  set y2tics nomirror
  set ytics nomirror
  set y2range [0:*]
  plot in using 't_end_s':(opg('payments_units')) with linespoints lw 2 pt 7 ps 0.5 lc rgb c_pay title 'charged', \
       '' using 't_end_s':(opg('payments_pending_units')) with steps lw 2 dt 2 lc rgb c_pending title 'pending at the epoch end', \
       '' using 't_end_s':'payments_rejected' axes x1y2 with steps lw 1.5 lc rgb c_payrej title 'rejected (right axis)'
}
unset multiplot
