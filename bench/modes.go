package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// point is one row of the table.
type point struct {
	mode        string
	concurrency int
	res         loadResult
	// delivered counts requests that reached the target; -1 when the mode
	// has no target (hookctl answers itself).
	delivered int64
	// rate overrides res.rate() for modes that are not request/response
	// (a backlog drain, a start-up time).
	rate float64
	// alone marks a figure that is not comparable to direct's req/s.
	alone bool
	note  string
}

// mode measures hookctl in one way of running.
type mode struct {
	name  string
	about string
	// once marks modes measured a single time, whatever -concurrency says.
	once bool
	run  func(ctx context.Context, cfg config, conc int) (point, error)
}

var modes = []mode{
	{name: "direct", about: "load → target: the floor", run: runDirect},
	{name: "listen-json", about: "load → hookctl listen --json > /dev/null", run: runListen("json")},
	{name: "listen-pretty", about: "load → hookctl listen, pretty output to a file", run: runListen("pretty")},
	{name: "listen-forward", about: "load → hookctl listen --forward-to target", run: runListen("forward")},
	{name: "relay", about: "load → relay → websocket → client → target, answer returned", run: runRelay},
	{name: "relay-drain", about: "stored events drained by a client that connects (in order at concurrency 1)", run: runDrain},
	{name: "send", about: "hookctl send --repeat as the load source → target", run: runSend},
	{name: "idle-clients", about: "relay memory per idle tunnel client", once: true, run: runIdle},
	{name: "startup", about: "hookctl --version, start to exit (median of 30)", once: true, run: runStartup("--version")},
	{name: "startup-sign", about: "hookctl sign, start to exit (median of 30)", once: true, run: runStartup("sign", "--provider", "stripe", "--secret", "whsec_bench", "--timestamp", "1795435200")},
}

func modeNames() []string {
	var names []string
	for _, m := range modes {
		names = append(names, m.name)
	}
	return names
}

func findMode(name string) *mode {
	for i := range modes {
		if modes[i].name == name {
			return &modes[i]
		}
	}
	return nil
}

func measure(ctx context.Context, cfg config) error {
	var points []point
	for _, name := range cfg.modes {
		m := findMode(name)
		concs := cfg.concurrency
		if m.once {
			concs = []int{1}
		}
		for _, c := range concs {
			fmt.Fprintf(os.Stderr, "measuring %s at concurrency %d…\n", m.name, c)
			p, err := m.run(ctx, cfg, c)
			if err != nil {
				return fmt.Errorf("%s at concurrency %d: %w", m.name, c, err)
			}
			p.mode, p.concurrency = m.name, c
			points = append(points, p)
		}
	}
	printTable(cfg.out, points)
	return nil
}

func runDirect(ctx context.Context, cfg config, conc int) (point, error) {
	t, err := startTarget()
	if err != nil {
		return point{}, err
	}
	defer t.close()
	res := load{URL: t.URL + "/hook", Concurrency: conc, Duration: cfg.duration, Body: sampleBody}.run(ctx)
	return point{res: res, delivered: t.delivered()}, nil
}

func runListen(kind string) func(ctx context.Context, cfg config, conc int) (point, error) {
	return func(ctx context.Context, cfg config, conc int) (point, error) {
		t, err := startTarget()
		if err != nil {
			return point{}, err
		}
		defer t.close()
		addr, err := freeAddr()
		if err != nil {
			return point{}, err
		}
		args := []string{"listen", "--addr", addr}
		var out io.Writer = io.Discard
		switch kind {
		case "json":
			args = append(args, "--json")
		case "pretty":
			f, err := os.Create(filepath.Join(cfg.work, "listen-pretty.out"))
			if err != nil {
				return point{}, err
			}
			defer f.Close()
			out = f
		case "forward":
			args = append(args, "--json", "--forward-to", t.URL)
		}
		p, err := start(ctx, cfg.bin, out, args...)
		if err != nil {
			return point{}, err
		}
		defer p.stop()
		if err := waitTCP(ctx, addr); err != nil {
			return point{}, err
		}
		res := load{URL: "http://" + addr + "/hook", Concurrency: conc, Duration: cfg.duration, Body: sampleBody}.run(ctx)
		delivered := int64(-1)
		if kind == "forward" {
			delivered = t.delivered()
		}
		return point{res: res, delivered: delivered}, nil
	}
}

// runStartup times hookctl ARGS from start to exit; a sign run gets the
// sample body on standard input.
func runStartup(args ...string) func(ctx context.Context, cfg config, _ int) (point, error) {
	return func(ctx context.Context, cfg config, _ int) (point, error) {
		var times []time.Duration
		for i := 0; i < 30; i++ {
			t0 := time.Now()
			p, err := startWithInput(ctx, cfg.bin, sampleBody, args...)
			if err != nil {
				return point{}, err
			}
			if err := <-p.done; err != nil {
				return point{}, err
			}
			times = append(times, time.Since(t0))
		}
		sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
		return point{res: loadResult{Latencies: times, OK: int64(len(times))}, delivered: -1, rate: -1,
			note: "p50/p99 are start-to-exit times"}, nil
	}
}

// sampleBody is a 1 KiB JSON event, about the size of a typical webhook.
var sampleBody = []byte(`{"id":"evt_bench","object":"event","type":"payment_intent.succeeded","data":{"object":{"id":"pi_bench","amount":2000,"currency":"usd","padding":"` + strings.Repeat("x", 860) + `"}}}`)

func printTable(w io.Writer, points []point) {
	direct := map[int]float64{}
	for _, p := range points {
		if p.mode == "direct" {
			direct[p.concurrency] = p.res.rate()
		}
	}
	fmt.Fprintln(w, "| mode | concurrency | req/s | of direct | p50 | p99 | sent ok | delivered | lost | note |")
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
	for _, p := range points {
		rate, ratio := "—", "—"
		r := p.res.rate()
		if p.rate > 0 {
			r = p.rate
		}
		if p.rate >= 0 {
			rate = fmt.Sprintf("%.0f", r)
			if d := direct[p.concurrency]; d > 0 && !p.alone {
				ratio = fmt.Sprintf("%.0f%%", 100*r/d)
			}
		}
		delivered, lost := "—", "—"
		if p.delivered >= 0 {
			delivered = fmt.Sprint(p.delivered)
			lost = fmt.Sprint(max(p.res.OK-p.delivered, 0))
		}
		p50, p99 := "—", "—"
		if len(p.res.Latencies) > 0 {
			p50, p99 = ms(p.res.percentile(0.50)), ms(p.res.percentile(0.99))
		}
		fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %s | %d | %s | %s | %s |\n", p.mode, p.concurrency, rate, ratio,
			p50, p99, p.res.OK, delivered, lost, p.note)
	}
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.3f ms", float64(d)/float64(time.Millisecond))
}
