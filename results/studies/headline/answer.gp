# The headline study's answer: for each outcome, the share of its variance that the incentive
# design and the network's robustness explain (total grouped Sobol index, bars with 95 %
# bootstrap intervals: the share the group explains with all its interactions, the steadier
# estimator at these sample sizes; first-order index as a diamond), at each usage level.
#   gnuplot -e "in='results/studies/headline/indices.csv'; out='answer.png'" results/studies/headline/answer.gp
# indices.csv: level,initial_users,outcome,name,kind,first,first_lo,first_hi,total,total_lo,total_hi
if (!exists("in")) in = 'results/studies/headline/indices.csv'
if (!exists("out")) out = 'answer.png'
set terminal pngcairo size 1200,880 font "DejaVu Sans,11"
set output out
set datafile separator ","
set multiplot layout 2,2 title "Which explains more of what users and operators do over 200 days: incentive design or robustness?\n(grouped Sobol indices, share of variance; bars: total index with 95 % bootstrap interval; diamonds: first order)" font ",12"
set style fill solid 0.8 border -1
set boxwidth 0.35
set yrange [-0.2:1.4]
set ytics 0.2
set grid ytics
set xrange [-0.6:2.6]
set xtics ("low\n5 req/s" 0, "mid\n30 req/s" 1, "high\n150 req/s" 2)
set key top left horizontal font ",10"
lvl(s) = s eq "low" ? 0 : (s eq "mid" ? 1 : 2)
pick(o, g, v) = (strcol(3) eq o && strcol(4) eq g) ? v : 1/0
cInc = "#1f77b4"; cRob = "#d62728"
do for [o in "horizon.active_users_day_30 horizon.active_users_day_180 horizon.throughput_rps economy.end.operators_active"] {
  t = o eq "horizon.active_users_day_30" ? "users active on day 30" : \
      o eq "horizon.active_users_day_180" ? "users active on day 180" : \
      o eq "horizon.throughput_rps" ? "delivered throughput (mean req/s over 200 days)" : "operators online at day 200"
  set title t
  plot in every ::1 using (lvl(strcol(1)) - 0.19):(pick(o, "incentive", $9)):(pick(o, "incentive", $10)):(pick(o, "incentive", $11)):(0.35) \
         with boxerrorbars lc rgb cInc title "incentive design", \
       in every ::1 using (lvl(strcol(1)) + 0.19):(pick(o, "robustness", $9)):(pick(o, "robustness", $10)):(pick(o, "robustness", $11)):(0.35) \
         with boxerrorbars lc rgb cRob title "robustness", \
       in every ::1 using (lvl(strcol(1)) - 0.19):(pick(o, "incentive", $6)) with points pt 13 ps 1.4 lc rgb "black" notitle, \
       in every ::1 using (lvl(strcol(1)) + 0.19):(pick(o, "robustness", $6)) with points pt 13 ps 1.4 lc rgb "black" notitle
}
unset multiplot
