# Draws bench/compare.png from bench/compare.dat (written by bench/compare).
#   gnuplot -e "datafile='bench/compare.dat'; outfile='bench/compare.png'" bench/compare.gp
# Data blocks (gnuplot `index`), each row "label median min max" unless said otherwise:
#   0 reload: stall per reload, ms          1 reload: failed requests per reload
#   2 crash: ms until a new worker answers  3 crash: failed requests per kill
#   4 request path: req/s ratio to uWSGI by hand
#   5 footprint: sites, supervisor RSS MB of uwsgid, Emperor, supervisord
#   6 footprint: sites, supervisor CPU % of one core over the idle time (schedstat) of the same three
#   7 time to start 100 sites until all answer, s
if (!exists("datafile")) datafile = "bench/compare.dat"
if (!exists("outfile")) outfile = "bench/compare.png"

set terminal pngcairo size 1800,900 font "DejaVu Sans,11"
set output outfile
set datafile missing "NaN"
set style fill solid 0.55 border -1
set boxwidth 0.6
set grid ytics lc rgb "#dddddd"
set key top left
set xtics nomirror scale 0 rotate by -20 left font ",10"
set bmargin 4
set yrange [0:*]
set offsets 0.5, 0.5, graph 0.12, 0
c_bar = "#4477aa"
set multiplot layout 2,4 title "uwsgid vs uWSGI Emperor vs supervisord: same app, same nginx, same load (bars: median; whiskers: min-max)" font ",14"

set title "Reload under load: stall per reload (ms, no answer at all)"
plot datafile index 0 using 0:2:xtic(1) with boxes lc rgb c_bar notitle, \
     '' index 0 using 0:2:3:4 with yerrorbars lc rgb "black" pt -1 notitle, \
     '' index 0 using 0:4:(sprintf("%.0f", $2)) with labels offset 0,0.8 notitle

set title "Reload under load: failed requests per reload"
plot datafile index 1 using 0:2:xtic(1) with boxes lc rgb "#cc6677" notitle, \
     '' index 1 using 0:2:3:4 with yerrorbars lc rgb "black" pt -1 notitle, \
     '' index 1 using 0:4:(sprintf("%.0f", $2)) with labels offset 0,0.8 notitle

set title "Crash (kill -9 of the master): ms until a new worker answers"
plot datafile index 2 using 0:2:xtic(1) with boxes lc rgb c_bar notitle, \
     '' index 2 using 0:2:3:4 with yerrorbars lc rgb "black" pt -1 notitle, \
     '' index 2 using 0:4:(sprintf("%.0f", $2)) with labels offset 0,0.8 notitle

set title "Crash: failed requests per kill"
plot datafile index 3 using 0:2:xtic(1) with boxes lc rgb "#cc6677" notitle, \
     '' index 3 using 0:2:3:4 with yerrorbars lc rgb "black" pt -1 notitle, \
     '' index 3 using 0:4:(sprintf("%.0f", $2)) with labels offset 0,0.8 notitle

set title "Request path: req/s vs uWSGI by hand (1 = same)"
stats datafile index 4 using 4 nooutput
set yrange [0:(STATS_max > 1.15 ? STATS_max * 1.12 : 1.3)]
plot datafile index 4 using 0:2:xtic(1) with boxes lc rgb "#228833" notitle, \
     '' index 4 using 0:2:3:4 with yerrorbars lc rgb "black" pt -1 notitle, \
     '' index 4 using 0:4:(sprintf("%.3f", $2)) with labels offset 0,0.8 notitle, \
     1 with lines dt 2 lc rgb "black" notitle
set yrange [0:*]

set title "Idle footprint: supervisor RSS (MB) by number of sites"
set style data histogram
set style histogram clustered gap 1
set boxwidth 0.9
set xtics norotate
set key top left reverse Left samplen 2
set offsets 0, 0, graph 0.25, 0
plot datafile index 5 using 2:xtic(1) title "uwsgid" lc rgb "#4477aa", \
     '' index 5 using 3 title "Emperor" lc rgb "#ee7733", \
     '' index 5 using 4 title "supervisord" lc rgb "#aa3377"

set title "Idle footprint: supervisor CPU (% of one core) by number of sites"
plot datafile index 6 using 2:xtic(1) title "uwsgid" lc rgb "#4477aa", \
     '' index 6 using 3 title "Emperor" lc rgb "#ee7733", \
     '' index 6 using 4 title "supervisord" lc rgb "#aa3377"

set style data lines
set boxwidth 0.6
set offsets 0.5, 0.5, graph 0.12, 0
set xtics rotate by -20 left
set title "Start 100 sites: s until every site answers"
plot datafile index 7 using 0:2:xtic(1) with boxes lc rgb c_bar notitle, \
     '' index 7 using 0:2:3:4 with yerrorbars lc rgb "black" pt -1 notitle, \
     '' index 7 using 0:4:(sprintf("%.1f", $2)) with labels offset 0,0.8 notitle

unset multiplot
