package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// chaosClient is `hookctl relay connect --json` run as a process that can
// be SIGKILLed and started again; it counts the duplicates it dropped.
type chaosClient struct {
	args      []string
	dir       string
	mu        sync.Mutex
	cmd       *exec.Cmd
	dropped   atomic.Int64
	connected atomic.Int64
	partial   []byte
}

func (c *chaosClient) start(t *testing.T) {
	cmd := exec.Command("hookctl", c.args...)
	cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+c.dir)
	cmd.Stdout = c
	if err := cmd.Start(); err != nil {
		t.Error(err)
		return
	}
	c.mu.Lock()
	c.cmd = cmd
	c.mu.Unlock()
}

// Write reads the client's JSON lines.
func (c *chaosClient) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.partial = append(c.partial, p...)
	for {
		i := bytes.IndexByte(c.partial, '\n')
		if i < 0 {
			break
		}
		var ev struct {
			Type      string
			Duplicate bool
		}
		if json.Unmarshal(c.partial[:i], &ev) == nil {
			switch {
			case ev.Type == "connected":
				c.connected.Add(1)
			case ev.Type == "delivery" && ev.Duplicate:
				c.dropped.Add(1)
			}
		}
		c.partial = c.partial[i+1:]
	}
	return len(p), nil
}

func (c *chaosClient) kill() {
	c.mu.Lock()
	cmd := c.cmd
	c.mu.Unlock()
	if cmd != nil && cmd.ProcessState == nil {
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
	}
	c.mu.Lock()
	c.partial = nil // a line cut by the kill
	c.mu.Unlock()
}

func (c *chaosClient) ensureRunning(t *testing.T) {
	c.mu.Lock()
	running := c.cmd != nil && c.cmd.ProcessState == nil
	c.mu.Unlock()
	if !running {
		c.start(t)
	}
}

func waitConnected(t *testing.T, c *chaosClient) {
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if c.connected.Load() > 0 {
			return
		}
	}
	t.Fatal("the tunnel client did not connect within 10s")
}

// chaosKills kills the client every 2.5 s and the relay at a third and two
// thirds of the sending time, counting each.
type chaosKills struct{ client, relay int }

func (k *chaosKills) run(t *testing.T, stop chan struct{}, sending time.Duration, c *chaosClient, restartRelay func()) {
	start := time.Now()
	relayAt := []time.Duration{sending / 3, 2 * sending / 3}
	nextClient := 2500 * time.Millisecond
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		elapsed := time.Since(start)
		if len(relayAt) > 0 && elapsed >= relayAt[0] {
			relayAt = relayAt[1:]
			restartRelay()
			k.relay++
		}
		if elapsed >= nextClient {
			nextClient += 2500 * time.Millisecond
			c.kill()
			time.Sleep(200 * time.Millisecond)
			c.start(t)
			k.client++
		}
	}
}
