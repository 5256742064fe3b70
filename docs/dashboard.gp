# Written by bench/dashboard; draws docs/dashboard.png from docs/dashboard.dat: gnuplot docs/dashboard.gp (from the repository's root)
set terminal pngcairo size 1920,2130 font 'DejaVu Sans,10' noenhanced
set output "docs/dashboard.png"
set multiplot
set datafile commentschars '#'
set label 1 'uwsgid dashboard (packaging/monitoring/uwsgid-dashboard.json): panels drawn from Prometheus by bench/dashboard' at screen 0.01, screen 0.989671 font 'DejaVu Sans,15'
set label 2 "A 240 s run on 2026-12-06: uwsgid 0.1.0, 3 sites (shop, blog: 2 workers; api: 1) as nobody; Prometheus scraping every 1 s; rate window 10s, step 2 s; x axis: seconds since the start" at screen 0.01, screen 0.979343 font 'DejaVu Sans,10'
set label 3 "A at 48 s: uwsgictl reload shop: ok" at screen 0.010000, screen 0.969014 font 'DejaVu Sans,10'
set label 4 "B at 84 s: 30 s of slow requests to shop: more than its 2 workers take" at screen 0.510000, screen 0.969014 font 'DejaVu Sans,10'
set label 5 "C at 132 s: kill -9 of blog's uWSGI master (pid 23567)" at screen 0.010000, screen 0.960563 font 'DejaVu Sans,10'
set label 6 "D at 168 s: api's app broken, uwsgictl reload api: exit 1 (old generation kept)" at screen 0.510000, screen 0.960563 font 'DejaVu Sans,10'
set label 10 "Sites running: 3" at screen 0.010000, screen 0.939906 font 'DejaVu Sans,12'
set label 11 "Sites down: 0" at screen 0.260000, screen 0.939906 font 'DejaVu Sans,12'
set label 12 "Sites FATAL: 0" at screen 0.510000, screen 0.939906 font 'DejaVu Sans,12'
set label 13 "uwsgid scraped: 1" at screen 0.760000, screen 0.939906 font 'DejaVu Sans,12'
unset key
set size 0.333333,0.151174
set origin 0.000000,0.774648
set title "Site up" font 'DejaVu Sans,12'
set xrange [0:240]
set yrange [0:*]
set offsets 0, 0, graph 0.12, 0
set grid ytics lc rgb '#dddddd'
set xtics 30 font 'DejaVu Sans,9'
set ytics font 'DejaVu Sans,9'
unset xlabel
set key below horizontal font 'DejaVu Sans,9' samplen 1.5 maxrows 3
unset arrow
set arrow from 48.000099, graph 0 to 48.000099, graph 1 nohead dt 3 lc rgb '#888888'
set label 95 "A" at 48.000099, graph 0.96 center textcolor rgb '#666666'
set arrow from 84.000035, graph 0 to 84.000035, graph 1 nohead dt 3 lc rgb '#888888'
set label 96 "B" at 84.000035, graph 0.96 center textcolor rgb '#666666'
set arrow from 132.000085, graph 0 to 132.000085, graph 1 nohead dt 3 lc rgb '#888888'
set label 97 "C" at 132.000085, graph 0.96 center textcolor rgb '#666666'
set arrow from 168.000120, graph 0 to 168.000120, graph 1 nohead dt 3 lc rgb '#888888'
set label 98 "D" at 168.000120, graph 0.96 center textcolor rgb '#666666'
plot "docs/dashboard.dat" index 3 using 1:2 with lines lw 2 title "api", "docs/dashboard.dat" index 4 using 1:2 with lines lw 2 title "blog", "docs/dashboard.dat" index 5 using 1:2 with lines lw 2 title "shop"
unset label 95
unset label 96
unset label 97
unset label 98
set size 0.333333,0.151174
set origin 0.333333,0.774648
set title "Sites by state" font 'DejaVu Sans,12'
set xrange [0:240]
set yrange [0:*]
set offsets 0, 0, graph 0.12, 0
set grid ytics lc rgb '#dddddd'
set xtics 30 font 'DejaVu Sans,9'
set ytics font 'DejaVu Sans,9'
unset xlabel
set key below horizontal font 'DejaVu Sans,9' samplen 1.5 maxrows 3
unset arrow
set arrow from 48.000099, graph 0 to 48.000099, graph 1 nohead dt 3 lc rgb '#888888'
set label 95 "A" at 48.000099, graph 0.96 center textcolor rgb '#666666'
set arrow from 84.000035, graph 0 to 84.000035, graph 1 nohead dt 3 lc rgb '#888888'
set label 96 "B" at 84.000035, graph 0.96 center textcolor rgb '#666666'
set arrow from 132.000085, graph 0 to 132.000085, graph 1 nohead dt 3 lc rgb '#888888'
set label 97 "C" at 132.000085, graph 0.96 center textcolor rgb '#666666'
set arrow from 168.000120, graph 0 to 168.000120, graph 1 nohead dt 3 lc rgb '#888888'
set label 98 "D" at 168.000120, graph 0.96 center textcolor rgb '#666666'
plot "docs/dashboard.dat" index 6 using 1:2 with lines lw 2 title "RUNNING"
unset label 95
unset label 96
unset label 97
unset label 98
set size 0.333333,0.151174
set origin 0.666667,0.774648
set title "Requests (req/s)" font 'DejaVu Sans,12'
set xrange [0:240]
set yrange [0:*]
set offsets 0, 0, graph 0.12, 0
set grid ytics lc rgb '#dddddd'
set xtics 30 font 'DejaVu Sans,9'
set ytics font 'DejaVu Sans,9'
unset xlabel
set key below horizontal font 'DejaVu Sans,9' samplen 1.5 maxrows 3
unset arrow
set arrow from 48.000099, graph 0 to 48.000099, graph 1 nohead dt 3 lc rgb '#888888'
set label 95 "A" at 48.000099, graph 0.96 center textcolor rgb '#666666'
set arrow from 84.000035, graph 0 to 84.000035, graph 1 nohead dt 3 lc rgb '#888888'
set label 96 "B" at 84.000035, graph 0.96 center textcolor rgb '#666666'
set arrow from 132.000085, graph 0 to 132.000085, graph 1 nohead dt 3 lc rgb '#888888'
set label 97 "C" at 132.000085, graph 0.96 center textcolor rgb '#666666'
set arrow from 168.000120, graph 0 to 168.000120, graph 1 nohead dt 3 lc rgb '#888888'
set label 98 "D" at 168.000120, graph 0.96 center textcolor rgb '#666666'
plot "docs/dashboard.dat" index 7 using 1:2 with lines lw 2 title "api", "docs/dashboard.dat" index 8 using 1:2 with lines lw 2 title "blog", "docs/dashboard.dat" index 9 using 1:2 with lines lw 2 title "shop"
unset label 95
unset label 96
unset label 97
unset label 98
set size 0.333333,0.151174
set origin 0.000000,0.619718
set title "Exceptions" font 'DejaVu Sans,12'
set xrange [0:240]
set yrange [0:*]
set offsets 0, 0, graph 0.12, 0
set grid ytics lc rgb '#dddddd'
set xtics 30 font 'DejaVu Sans,9'
set ytics font 'DejaVu Sans,9'
unset xlabel
set key below horizontal font 'DejaVu Sans,9' samplen 1.5 maxrows 3
unset arrow
set arrow from 48.000099, graph 0 to 48.000099, graph 1 nohead dt 3 lc rgb '#888888'
set label 95 "A" at 48.000099, graph 0.96 center textcolor rgb '#666666'
set arrow from 84.000035, graph 0 to 84.000035, graph 1 nohead dt 3 lc rgb '#888888'
set label 96 "B" at 84.000035, graph 0.96 center textcolor rgb '#666666'
set arrow from 132.000085, graph 0 to 132.000085, graph 1 nohead dt 3 lc rgb '#888888'
set label 97 "C" at 132.000085, graph 0.96 center textcolor rgb '#666666'
set arrow from 168.000120, graph 0 to 168.000120, graph 1 nohead dt 3 lc rgb '#888888'
set label 98 "D" at 168.000120, graph 0.96 center textcolor rgb '#666666'
plot "docs/dashboard.dat" index 10 using 1:2 with lines lw 2 title "api", "docs/dashboard.dat" index 11 using 1:2 with lines lw 2 title "blog", "docs/dashboard.dat" index 12 using 1:2 with lines lw 2 title "shop"
unset label 95
unset label 96
unset label 97
unset label 98
set size 0.333333,0.151174
set origin 0.333333,0.619718
set title "Average response time (ms)" font 'DejaVu Sans,12'
set xrange [0:240]
set yrange [0:*]
set offsets 0, 0, graph 0.12, 0
set grid ytics lc rgb '#dddddd'
set xtics 30 font 'DejaVu Sans,9'
set ytics font 'DejaVu Sans,9'
unset xlabel
set key below horizontal font 'DejaVu Sans,9' samplen 1.5 maxrows 3
unset arrow
set arrow from 48.000099, graph 0 to 48.000099, graph 1 nohead dt 3 lc rgb '#888888'
set label 95 "A" at 48.000099, graph 0.96 center textcolor rgb '#666666'
set arrow from 84.000035, graph 0 to 84.000035, graph 1 nohead dt 3 lc rgb '#888888'
set label 96 "B" at 84.000035, graph 0.96 center textcolor rgb '#666666'
set arrow from 132.000085, graph 0 to 132.000085, graph 1 nohead dt 3 lc rgb '#888888'
set label 97 "C" at 132.000085, graph 0.96 center textcolor rgb '#666666'
set arrow from 168.000120, graph 0 to 168.000120, graph 1 nohead dt 3 lc rgb '#888888'
set label 98 "D" at 168.000120, graph 0.96 center textcolor rgb '#666666'
plot "docs/dashboard.dat" index 13 using 1:2 with lines lw 2 title "api", "docs/dashboard.dat" index 14 using 1:2 with lines lw 2 title "blog", "docs/dashboard.dat" index 15 using 1:2 with lines lw 2 title "shop"
unset label 95
unset label 96
unset label 97
unset label 98
set size 0.333333,0.151174
set origin 0.666667,0.619718
set title "Busy workers (%)" font 'DejaVu Sans,12'
set xrange [0:240]
set yrange [0:*]
set offsets 0, 0, graph 0.12, 0
set grid ytics lc rgb '#dddddd'
set xtics 30 font 'DejaVu Sans,9'
set ytics font 'DejaVu Sans,9'
unset xlabel
set key below horizontal font 'DejaVu Sans,9' samplen 1.5 maxrows 3
unset arrow
set arrow from 48.000099, graph 0 to 48.000099, graph 1 nohead dt 3 lc rgb '#888888'
set label 95 "A" at 48.000099, graph 0.96 center textcolor rgb '#666666'
set arrow from 84.000035, graph 0 to 84.000035, graph 1 nohead dt 3 lc rgb '#888888'
set label 96 "B" at 84.000035, graph 0.96 center textcolor rgb '#666666'
set arrow from 132.000085, graph 0 to 132.000085, graph 1 nohead dt 3 lc rgb '#888888'
set label 97 "C" at 132.000085, graph 0.96 center textcolor rgb '#666666'
set arrow from 168.000120, graph 0 to 168.000120, graph 1 nohead dt 3 lc rgb '#888888'
set label 98 "D" at 168.000120, graph 0.96 center textcolor rgb '#666666'
plot "docs/dashboard.dat" index 16 using 1:2 with lines lw 2 title "api", "docs/dashboard.dat" index 17 using 1:2 with lines lw 2 title "blog", "docs/dashboard.dat" index 18 using 1:2 with lines lw 2 title "shop"
unset label 95
unset label 96
unset label 97
unset label 98
set size 0.333333,0.151174
set origin 0.000000,0.464789
set title "Listen queue" font 'DejaVu Sans,12'
set xrange [0:240]
set yrange [0:*]
set offsets 0, 0, graph 0.12, 0
set grid ytics lc rgb '#dddddd'
set xtics 30 font 'DejaVu Sans,9'
set ytics font 'DejaVu Sans,9'
unset xlabel
set key below horizontal font 'DejaVu Sans,9' samplen 1.5 maxrows 3
unset arrow
set arrow from 48.000099, graph 0 to 48.000099, graph 1 nohead dt 3 lc rgb '#888888'
set label 95 "A" at 48.000099, graph 0.96 center textcolor rgb '#666666'
set arrow from 84.000035, graph 0 to 84.000035, graph 1 nohead dt 3 lc rgb '#888888'
set label 96 "B" at 84.000035, graph 0.96 center textcolor rgb '#666666'
set arrow from 132.000085, graph 0 to 132.000085, graph 1 nohead dt 3 lc rgb '#888888'
set label 97 "C" at 132.000085, graph 0.96 center textcolor rgb '#666666'
set arrow from 168.000120, graph 0 to 168.000120, graph 1 nohead dt 3 lc rgb '#888888'
set label 98 "D" at 168.000120, graph 0.96 center textcolor rgb '#666666'
plot "docs/dashboard.dat" index 19 using 1:2 with lines lw 2 title "api waiting", "docs/dashboard.dat" index 20 using 1:2 with lines lw 2 title "blog waiting", "docs/dashboard.dat" index 21 using 1:2 with lines lw 2 title "shop waiting", "docs/dashboard.dat" index 22 using 1:2 with lines lw 2 title "api full/s", "docs/dashboard.dat" index 23 using 1:2 with lines lw 2 title "blog full/s", "docs/dashboard.dat" index 24 using 1:2 with lines lw 2 title "shop full/s"
unset label 95
unset label 96
unset label 97
unset label 98
set size 0.333333,0.151174
set origin 0.333333,0.464789
set title "Restarts" font 'DejaVu Sans,12'
set xrange [0:240]
set yrange [0:*]
set offsets 0, 0, graph 0.12, 0
set grid ytics lc rgb '#dddddd'
set xtics 30 font 'DejaVu Sans,9'
set ytics font 'DejaVu Sans,9'
unset xlabel
set key below horizontal font 'DejaVu Sans,9' samplen 1.5 maxrows 3
unset arrow
set arrow from 48.000099, graph 0 to 48.000099, graph 1 nohead dt 3 lc rgb '#888888'
set label 95 "A" at 48.000099, graph 0.96 center textcolor rgb '#666666'
set arrow from 84.000035, graph 0 to 84.000035, graph 1 nohead dt 3 lc rgb '#888888'
set label 96 "B" at 84.000035, graph 0.96 center textcolor rgb '#666666'
set arrow from 132.000085, graph 0 to 132.000085, graph 1 nohead dt 3 lc rgb '#888888'
set label 97 "C" at 132.000085, graph 0.96 center textcolor rgb '#666666'
set arrow from 168.000120, graph 0 to 168.000120, graph 1 nohead dt 3 lc rgb '#888888'
set label 98 "D" at 168.000120, graph 0.96 center textcolor rgb '#666666'
plot "docs/dashboard.dat" index 25 using 1:2 with boxes fs solid 0.6 noborder title "blog crash", "docs/dashboard.dat" index 26 using 1:2 with boxes fs solid 0.6 noborder title "api reload", "docs/dashboard.dat" index 27 using 1:2 with boxes fs solid 0.6 noborder title "shop reload"
unset label 95
unset label 96
unset label 97
unset label 98
set size 0.333333,0.151174
set origin 0.666667,0.464789
set title "Reloads" font 'DejaVu Sans,12'
set xrange [0:240]
set yrange [0:*]
set offsets 0, 0, graph 0.12, 0
set grid ytics lc rgb '#dddddd'
set xtics 30 font 'DejaVu Sans,9'
set ytics font 'DejaVu Sans,9'
unset xlabel
set key below horizontal font 'DejaVu Sans,9' samplen 1.5 maxrows 3
unset arrow
set arrow from 48.000099, graph 0 to 48.000099, graph 1 nohead dt 3 lc rgb '#888888'
set label 95 "A" at 48.000099, graph 0.96 center textcolor rgb '#666666'
set arrow from 84.000035, graph 0 to 84.000035, graph 1 nohead dt 3 lc rgb '#888888'
set label 96 "B" at 84.000035, graph 0.96 center textcolor rgb '#666666'
set arrow from 132.000085, graph 0 to 132.000085, graph 1 nohead dt 3 lc rgb '#888888'
set label 97 "C" at 132.000085, graph 0.96 center textcolor rgb '#666666'
set arrow from 168.000120, graph 0 to 168.000120, graph 1 nohead dt 3 lc rgb '#888888'
set label 98 "D" at 168.000120, graph 0.96 center textcolor rgb '#666666'
plot "docs/dashboard.dat" index 28 using 1:2 with boxes fs solid 0.6 noborder title "shop ok", "docs/dashboard.dat" index 29 using 1:2 with boxes fs solid 0.6 noborder title "api rolled_back"
unset label 95
unset label 96
unset label 97
unset label 98
set size 0.333333,0.151174
set origin 0.000000,0.309859
set title "Start and reload time (ms)" font 'DejaVu Sans,12'
set xrange [0:240]
set yrange [0:*]
set offsets 0, 0, graph 0.12, 0
set grid ytics lc rgb '#dddddd'
set xtics 30 font 'DejaVu Sans,9'
set ytics font 'DejaVu Sans,9'
unset xlabel
set key below horizontal font 'DejaVu Sans,9' samplen 1.5 maxrows 3
unset arrow
set arrow from 48.000099, graph 0 to 48.000099, graph 1 nohead dt 3 lc rgb '#888888'
set label 95 "A" at 48.000099, graph 0.96 center textcolor rgb '#666666'
set arrow from 84.000035, graph 0 to 84.000035, graph 1 nohead dt 3 lc rgb '#888888'
set label 96 "B" at 84.000035, graph 0.96 center textcolor rgb '#666666'
set arrow from 132.000085, graph 0 to 132.000085, graph 1 nohead dt 3 lc rgb '#888888'
set label 97 "C" at 132.000085, graph 0.96 center textcolor rgb '#666666'
set arrow from 168.000120, graph 0 to 168.000120, graph 1 nohead dt 3 lc rgb '#888888'
set label 98 "D" at 168.000120, graph 0.96 center textcolor rgb '#666666'
plot "docs/dashboard.dat" index 30 using 1:2 with lines lw 2 title "api spawn to accept, max", "docs/dashboard.dat" index 31 using 1:2 with lines lw 2 title "blog spawn to accept, max", "docs/dashboard.dat" index 32 using 1:2 with lines lw 2 title "shop spawn to accept, max", "docs/dashboard.dat" index 33 using 1:2 with lines lw 2 title "api reload, max", "docs/dashboard.dat" index 34 using 1:2 with lines lw 2 title "blog reload, max", "docs/dashboard.dat" index 35 using 1:2 with lines lw 2 title "shop reload, max", "docs/dashboard.dat" index 36 using 1:2 with lines lw 2 title "api reload, p95 1h", "docs/dashboard.dat" index 37 using 1:2 with lines lw 2 title "blog reload, p95 1h"
unset label 95
unset label 96
unset label 97
unset label 98
set size 0.333333,0.151174
set origin 0.333333,0.309859
set title "Resident memory (MiB)" font 'DejaVu Sans,12'
set xrange [0:240]
set yrange [0:*]
set offsets 0, 0, graph 0.12, 0
set grid ytics lc rgb '#dddddd'
set xtics 30 font 'DejaVu Sans,9'
set ytics font 'DejaVu Sans,9'
unset xlabel
set key below horizontal font 'DejaVu Sans,9' samplen 1.5 maxrows 3
unset arrow
set arrow from 48.000099, graph 0 to 48.000099, graph 1 nohead dt 3 lc rgb '#888888'
set label 95 "A" at 48.000099, graph 0.96 center textcolor rgb '#666666'
set arrow from 84.000035, graph 0 to 84.000035, graph 1 nohead dt 3 lc rgb '#888888'
set label 96 "B" at 84.000035, graph 0.96 center textcolor rgb '#666666'
set arrow from 132.000085, graph 0 to 132.000085, graph 1 nohead dt 3 lc rgb '#888888'
set label 97 "C" at 132.000085, graph 0.96 center textcolor rgb '#666666'
set arrow from 168.000120, graph 0 to 168.000120, graph 1 nohead dt 3 lc rgb '#888888'
set label 98 "D" at 168.000120, graph 0.96 center textcolor rgb '#666666'
plot "docs/dashboard.dat" index 39 using 1:2 with lines lw 2 title "api", "docs/dashboard.dat" index 40 using 1:2 with lines lw 2 title "blog", "docs/dashboard.dat" index 41 using 1:2 with lines lw 2 title "shop"
unset label 95
unset label 96
unset label 97
unset label 98
set size 0.333333,0.151174
set origin 0.666667,0.309859
set title "CPU" font 'DejaVu Sans,12'
set xrange [0:240]
set yrange [0:*]
set offsets 0, 0, graph 0.12, 0
set grid ytics lc rgb '#dddddd'
set xtics 30 font 'DejaVu Sans,9'
set ytics font 'DejaVu Sans,9'
unset xlabel
set key below horizontal font 'DejaVu Sans,9' samplen 1.5 maxrows 3
unset arrow
set arrow from 48.000099, graph 0 to 48.000099, graph 1 nohead dt 3 lc rgb '#888888'
set label 95 "A" at 48.000099, graph 0.96 center textcolor rgb '#666666'
set arrow from 84.000035, graph 0 to 84.000035, graph 1 nohead dt 3 lc rgb '#888888'
set label 96 "B" at 84.000035, graph 0.96 center textcolor rgb '#666666'
set arrow from 132.000085, graph 0 to 132.000085, graph 1 nohead dt 3 lc rgb '#888888'
set label 97 "C" at 132.000085, graph 0.96 center textcolor rgb '#666666'
set arrow from 168.000120, graph 0 to 168.000120, graph 1 nohead dt 3 lc rgb '#888888'
set label 98 "D" at 168.000120, graph 0.96 center textcolor rgb '#666666'
plot "docs/dashboard.dat" index 42 using 1:2 with lines lw 2 title "api", "docs/dashboard.dat" index 43 using 1:2 with lines lw 2 title "blog", "docs/dashboard.dat" index 44 using 1:2 with lines lw 2 title "shop"
unset label 95
unset label 96
unset label 97
unset label 98
set size 0.333333,0.151174
set origin 0.000000,0.154930
set title "Processes" font 'DejaVu Sans,12'
set xrange [0:240]
set yrange [0:*]
set offsets 0, 0, graph 0.12, 0
set grid ytics lc rgb '#dddddd'
set xtics 30 font 'DejaVu Sans,9'
set ytics font 'DejaVu Sans,9'
unset xlabel
set key below horizontal font 'DejaVu Sans,9' samplen 1.5 maxrows 3
unset arrow
set arrow from 48.000099, graph 0 to 48.000099, graph 1 nohead dt 3 lc rgb '#888888'
set label 95 "A" at 48.000099, graph 0.96 center textcolor rgb '#666666'
set arrow from 84.000035, graph 0 to 84.000035, graph 1 nohead dt 3 lc rgb '#888888'
set label 96 "B" at 84.000035, graph 0.96 center textcolor rgb '#666666'
set arrow from 132.000085, graph 0 to 132.000085, graph 1 nohead dt 3 lc rgb '#888888'
set label 97 "C" at 132.000085, graph 0.96 center textcolor rgb '#666666'
set arrow from 168.000120, graph 0 to 168.000120, graph 1 nohead dt 3 lc rgb '#888888'
set label 98 "D" at 168.000120, graph 0.96 center textcolor rgb '#666666'
plot "docs/dashboard.dat" index 45 using 1:2 with lines lw 2 title "api", "docs/dashboard.dat" index 46 using 1:2 with lines lw 2 title "blog", "docs/dashboard.dat" index 47 using 1:2 with lines lw 2 title "shop"
unset label 95
unset label 96
unset label 97
unset label 98
set size 0.333333,0.151174
set origin 0.333333,0.154930
set title "Backoff delay (ms)" font 'DejaVu Sans,12'
set xrange [0:240]
set yrange [0:*]
set offsets 0, 0, graph 0.12, 0
set grid ytics lc rgb '#dddddd'
set xtics 30 font 'DejaVu Sans,9'
set ytics font 'DejaVu Sans,9'
unset xlabel
set key below horizontal font 'DejaVu Sans,9' samplen 1.5 maxrows 3
unset arrow
set arrow from 48.000099, graph 0 to 48.000099, graph 1 nohead dt 3 lc rgb '#888888'
set label 95 "A" at 48.000099, graph 0.96 center textcolor rgb '#666666'
set arrow from 84.000035, graph 0 to 84.000035, graph 1 nohead dt 3 lc rgb '#888888'
set label 96 "B" at 84.000035, graph 0.96 center textcolor rgb '#666666'
set arrow from 132.000085, graph 0 to 132.000085, graph 1 nohead dt 3 lc rgb '#888888'
set label 97 "C" at 132.000085, graph 0.96 center textcolor rgb '#666666'
set arrow from 168.000120, graph 0 to 168.000120, graph 1 nohead dt 3 lc rgb '#888888'
set label 98 "D" at 168.000120, graph 0.96 center textcolor rgb '#666666'
plot "docs/dashboard.dat" index 48 using 1:2 with lines lw 2 title "api", "docs/dashboard.dat" index 49 using 1:2 with lines lw 2 title "blog", "docs/dashboard.dat" index 50 using 1:2 with lines lw 2 title "shop"
unset label 95
unset label 96
unset label 97
unset label 98
set size 0.333333,0.151174
set origin 0.666667,0.154930
set title "uwsgid event loop and scrape (ms)" font 'DejaVu Sans,12'
set xrange [0:240]
set yrange [0:*]
set offsets 0, 0, graph 0.12, 0
set grid ytics lc rgb '#dddddd'
set xtics 30 font 'DejaVu Sans,9'
set ytics font 'DejaVu Sans,9'
unset xlabel
set key below horizontal font 'DejaVu Sans,9' samplen 1.5 maxrows 3
unset arrow
set arrow from 48.000099, graph 0 to 48.000099, graph 1 nohead dt 3 lc rgb '#888888'
set label 95 "A" at 48.000099, graph 0.96 center textcolor rgb '#666666'
set arrow from 84.000035, graph 0 to 84.000035, graph 1 nohead dt 3 lc rgb '#888888'
set label 96 "B" at 84.000035, graph 0.96 center textcolor rgb '#666666'
set arrow from 132.000085, graph 0 to 132.000085, graph 1 nohead dt 3 lc rgb '#888888'
set label 97 "C" at 132.000085, graph 0.96 center textcolor rgb '#666666'
set arrow from 168.000120, graph 0 to 168.000120, graph 1 nohead dt 3 lc rgb '#888888'
set label 98 "D" at 168.000120, graph 0.96 center textcolor rgb '#666666'
plot "docs/dashboard.dat" index 51 using 1:2 with lines lw 2 title "127.0.0.1:49553 loop lag", "docs/dashboard.dat" index 52 using 1:2 with lines lw 2 title "127.0.0.1:49553 scrape"
unset label 95
unset label 96
unset label 97
unset label 98
set size 0.333333,0.151174
set origin 0.000000,0.000000
set title "uwsgid heap (MiB)" font 'DejaVu Sans,12'
set xrange [0:240]
set yrange [0:*]
set offsets 0, 0, graph 0.12, 0
set grid ytics lc rgb '#dddddd'
set xtics 30 font 'DejaVu Sans,9'
set ytics font 'DejaVu Sans,9'
unset xlabel
set key below horizontal font 'DejaVu Sans,9' samplen 1.5 maxrows 3
unset arrow
set arrow from 48.000099, graph 0 to 48.000099, graph 1 nohead dt 3 lc rgb '#888888'
set label 95 "A" at 48.000099, graph 0.96 center textcolor rgb '#666666'
set arrow from 84.000035, graph 0 to 84.000035, graph 1 nohead dt 3 lc rgb '#888888'
set label 96 "B" at 84.000035, graph 0.96 center textcolor rgb '#666666'
set arrow from 132.000085, graph 0 to 132.000085, graph 1 nohead dt 3 lc rgb '#888888'
set label 97 "C" at 132.000085, graph 0.96 center textcolor rgb '#666666'
set arrow from 168.000120, graph 0 to 168.000120, graph 1 nohead dt 3 lc rgb '#888888'
set label 98 "D" at 168.000120, graph 0.96 center textcolor rgb '#666666'
plot "docs/dashboard.dat" index 53 using 1:2 with lines lw 2 title "127.0.0.1:49553"
unset label 95
unset label 96
unset label 97
unset label 98
set size 0.333333,0.151174
set origin 0.333333,0.000000
set title "uwsgid CPU" font 'DejaVu Sans,12'
set xrange [0:240]
set yrange [0:*]
set offsets 0, 0, graph 0.12, 0
set grid ytics lc rgb '#dddddd'
set xtics 30 font 'DejaVu Sans,9'
set ytics font 'DejaVu Sans,9'
unset xlabel
set key below horizontal font 'DejaVu Sans,9' samplen 1.5 maxrows 3
unset arrow
set arrow from 48.000099, graph 0 to 48.000099, graph 1 nohead dt 3 lc rgb '#888888'
set label 95 "A" at 48.000099, graph 0.96 center textcolor rgb '#666666'
set arrow from 84.000035, graph 0 to 84.000035, graph 1 nohead dt 3 lc rgb '#888888'
set label 96 "B" at 84.000035, graph 0.96 center textcolor rgb '#666666'
set arrow from 132.000085, graph 0 to 132.000085, graph 1 nohead dt 3 lc rgb '#888888'
set label 97 "C" at 132.000085, graph 0.96 center textcolor rgb '#666666'
set arrow from 168.000120, graph 0 to 168.000120, graph 1 nohead dt 3 lc rgb '#888888'
set label 98 "D" at 168.000120, graph 0.96 center textcolor rgb '#666666'
plot "docs/dashboard.dat" index 54 using 1:2 with lines lw 2 title "127.0.0.1:49553"
unset label 95
unset label 96
unset label 97
unset label 98
unset multiplot
