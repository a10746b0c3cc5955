package main

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/hookctl/hookctl/relay"
	"github.com/hookctl/hookctl/webhook"
)

// runIdle connects cfg.idleClients tunnel clients, each on a channel of its
// own, and reports how much the relay's resident memory grew per client.
func runIdle(ctx context.Context, cfg config, _ int) (point, error) {
	s, err := startRelay(ctx, cfg, "memory")
	if err != nil {
		return point{}, err
	}
	defer s.stop()
	time.Sleep(200 * time.Millisecond) // let the relay finish starting
	before, err := rssKiB(s.relay.cmd.Process.Pid)
	if err != nil {
		return point{}, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var connected sync.WaitGroup
	connected.Add(cfg.idleClients)
	noop := func(context.Context, *webhook.Request) (*webhook.Response, error) {
		return &webhook.Response{Status: 204}, nil
	}
	for i := 0; i < cfg.idleClients; i++ {
		var once sync.Once
		c, err := relay.NewClient(relay.ClientConfig{RelayURL: s.url, Handler: noop,
			Visitor: relay.Visitor{OnConnected: func(relay.Session) { once.Do(connected.Done) }}})
		if err != nil {
			return point{}, err
		}
		go c.Run(ctx)
	}
	done := make(chan struct{})
	go func() { connected.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		return point{}, fmt.Errorf("not every client connected within 60 s")
	}
	time.Sleep(time.Second) // let the relay's heap settle
	runtime.GC()
	after, err := rssKiB(s.relay.cmd.Process.Pid)
	if err != nil {
		return point{}, err
	}
	per := float64(after-before) / float64(cfg.idleClients)
	return point{res: loadResult{OK: int64(cfg.idleClients)}, delivered: -1, rate: -1,
		note: fmt.Sprintf("%d idle clients: relay RSS %d → %d KiB, %.1f KiB each", cfg.idleClients, before, after, per)}, nil
}
