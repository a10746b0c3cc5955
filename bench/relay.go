package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// relayStack is a relay and, once connected, a tunnel client forwarding to
// a counting target.
type relayStack struct {
	cfg    config
	target *target
	relay  *process
	url    string // the relay's base URL
	client *process
}

func startRelay(ctx context.Context, cfg config, store string) (*relayStack, error) {
	t, err := startTarget()
	if err != nil {
		return nil, err
	}
	addr, err := freeAddr()
	if err != nil {
		t.close()
		return nil, err
	}
	p, err := start(ctx, cfg.bin, io.Discard, "relay", "serve", "--addr", addr, "--store", store, "--quiet")
	if err != nil {
		t.close()
		return nil, err
	}
	if err := waitTCP(ctx, addr); err != nil {
		p.stop()
		t.close()
		return nil, err
	}
	return &relayStack{cfg: cfg, target: t, relay: p, url: "http://" + addr}, nil
}

// channel is the fixed channel the harness uses; a free name is claimed by
// the first client that connects with a token.
const benchChannel = "bench-channel"

func (s *relayStack) hookURL() string { return s.url + "/c/" + benchChannel + "/hook" }

// connect starts `relay connect` and waits until it is subscribed. With
// drain, it returns at once; the process exits when caught up.
func (s *relayStack) connect(ctx context.Context, drain bool, extra ...string) error {
	ready := filepath.Join(s.cfg.work, fmt.Sprintf("tunnel-ready-%d", time.Now().UnixNano()))
	args := []string{"relay", "connect", s.url + "/c/" + benchChannel, "--token", "bench-token-0123456789",
		"--forward-to", s.target.URL, "--no-save", "--json", "--ready-file", ready}
	if drain {
		args = append(args, "--drain")
	}
	args = append(args, extra...)
	p, err := start(ctx, s.cfg.bin, io.Discard, args...)
	if err != nil {
		return err
	}
	s.client = p
	if drain {
		return nil
	}
	return waitFile(ctx, ready)
}

func waitFile(ctx context.Context, path string) error {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
	return fmt.Errorf("%s did not appear within 10 s", path)
}

func (s *relayStack) stop() {
	if s.client != nil {
		s.client.stop()
	}
	s.relay.stop()
	s.target.close()
}

// runRelay measures sender → relay → websocket → client → target with the
// answer returned to the sender.
func runRelay(ctx context.Context, cfg config, conc int) (point, error) {
	s, err := startRelay(ctx, cfg, "memory")
	if err != nil {
		return point{}, err
	}
	defer s.stop()
	if err := s.connect(ctx, false); err != nil {
		return point{}, err
	}
	res := load{URL: s.hookURL(), Concurrency: conc, Duration: cfg.duration, Body: sampleBody}.run(ctx)
	return point{res: res, delivered: s.target.delivered()}, nil
}

// runDrain stores cfg.drainEvents requests with no client connected (each
// answered 202, kept in the embedded on-disk store), then times a client
// from start until it has caught up. At concurrency 1 the client keeps
// arrival order; above, it delivers that many at once.
func runDrain(ctx context.Context, cfg config, conc int) (point, error) {
	s, err := startRelay(ctx, cfg, filepath.Join(cfg.work, fmt.Sprintf("drain-%d.db", time.Now().UnixNano())))
	if err != nil {
		return point{}, err
	}
	defer s.stop()
	// Claim the channel, then leave: what arrives now is stored.
	if err := s.connect(ctx, false); err != nil {
		return point{}, err
	}
	s.client.stop()
	s.client = nil
	fill := load{URL: s.hookURL(), Concurrency: 32, Duration: 5 * time.Minute, MaxRequests: int64(cfg.drainEvents), Body: sampleBody}.run(ctx)
	if fill.OK != int64(cfg.drainEvents) {
		return point{}, fmt.Errorf("stored %d of %d events (%d failed)", fill.OK, cfg.drainEvents, fill.Failed)
	}
	t0 := time.Now()
	if err := s.connect(ctx, true, "--catch-up-concurrency", strconv.Itoa(min(conc, 256))); err != nil {
		return point{}, err
	}
	select {
	case err := <-s.client.done:
		s.client = nil
		if err != nil {
			return point{}, fmt.Errorf("relay connect --drain: %w", err)
		}
	case <-time.After(5 * time.Minute):
		return point{}, fmt.Errorf("the client did not catch up within 5 minutes")
	}
	elapsed := time.Since(t0)
	got := s.target.delivered()
	return point{res: loadResult{OK: fill.OK}, delivered: got, rate: float64(got) / elapsed.Seconds(), alone: true,
		note: fmt.Sprintf("%d stored events drained %s in %.2f s (filling the store took %.1f s)", got, drainOrder(conc), elapsed.Seconds(), fill.Elapsed.Seconds())}, nil
}

// runSend uses `hookctl send --repeat` as the load source against the target.
func runSend(ctx context.Context, cfg config, conc int) (point, error) {
	t, err := startTarget()
	if err != nil {
		return point{}, err
	}
	defer t.close()
	n := cfg.sendRequests
	t0 := time.Now()
	p, err := start(ctx, cfg.bin, io.Discard, "send", t.URL+"/hook", "--data", string(sampleBody), "--content-type", "application/json",
		"--repeat", strconv.Itoa(n), "--concurrency", strconv.Itoa(conc), "--json")
	if err != nil {
		return point{}, err
	}
	if err := <-p.done; err != nil {
		return point{}, fmt.Errorf("send --repeat: %w", err)
	}
	elapsed := time.Since(t0)
	got := t.delivered()
	return point{res: loadResult{OK: int64(n), Elapsed: elapsed}, delivered: got, rate: float64(got) / elapsed.Seconds(),
		note: fmt.Sprintf("%d requests, process start to exit", n)}, nil
}

// rssKiB reads a process's resident memory from /proc.
func rssKiB(pid int) (int64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			return strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		}
	}
	return 0, fmt.Errorf("no VmRSS in /proc/%d/status", pid)
}

func drainOrder(conc int) string {
	if conc == 1 {
		return "in order"
	}
	return fmt.Sprintf("%d at a time", min(conc, 256))
}
