package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/hookctl/hookctl/webhook"
)

func skipUnderRace(t *testing.T) {
	if raceEnabled {
		t.Skip("memory is measured without -race, which multiplies it: go test -run 'Queued|IdleClients' .")
	}
}

func answer200(ctx context.Context, req *webhook.Request) (*webhook.Response, error) {
	return &webhook.Response{Status: 200}, nil
}

// 1,000 queued 1 MiB requests live in the relay's bbolt store, not in its
// memory: the relay process grows by far less than the gigabyte it keeps.
func TestQueuedEventsLiveInTheStore(t *testing.T) {
	skipUnderRace(t)
	p, _ := startLoggedRelay(t, "--store", filepath.Join(t.TempDir(), "relay.db"), "--quiet", "--max-body", "2MiB")
	base := p.base()
	_, stop := connectClient(t, base, "big", "rt_big", answer200) // claims the channel
	stop()
	body := bytes.Repeat([]byte("x"), 1<<20)
	send := func(from, to int) {
		t.Helper()
		jobs := make(chan int)
		errs := make(chan error, to-from)
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range jobs {
					resp, err := http.Post(fmt.Sprintf("%s/c/big/%d", base, i), "text/plain", bytes.NewReader(body))
					if err == nil {
						resp.Body.Close()
						if resp.StatusCode != 202 {
							err = fmt.Errorf("request %d: %s, want 202", i, resp.Status)
						}
					}
					if err != nil {
						errs <- err
					}
				}
			}()
		}
		for i := from; i < to; i++ {
			jobs <- i
		}
		close(jobs)
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
	}
	send(0, 50) // warm up: buffers, the store's first pages
	before := rssKiB(t, p.cmd.Process.Pid)
	start := time.Now()
	send(50, 1050)
	after := rssKiB(t, p.cmd.Process.Pid)
	t.Logf("1,000 queued 1 MiB requests in %v: relay RSS %d MiB → %d MiB (%+d MiB)",
		time.Since(start).Round(time.Second), before>>10, after>>10, (after-before)>>10)
	if after-before > 256<<10 {
		t.Fatalf("the relay grew by %d MiB for 1,000 MiB queued: requests are being held in memory", (after-before)>>10)
	}
}

// 1,000 idle tunnel clients on one relay: the memory each costs the relay
// is reported (the target is under 64 KiB), not asserted tightly.
func TestIdleClientsMemory(t *testing.T) {
	skipUnderRace(t)
	p, _ := startLoggedRelay(t, "--store", "memory", "--quiet")
	base := p.base()
	_, stop := connectClient(t, base, "", "", answer200) // warm up
	stop()
	time.Sleep(200 * time.Millisecond)
	before := rssKiB(t, p.cmd.Process.Pid)
	const n = 1000
	stops := make([]func(), 0, n)
	defer func() {
		for _, s := range stops {
			s()
		}
	}()
	for range n {
		_, s := connectClient(t, base, "", "", answer200)
		stops = append(stops, s)
	}
	time.Sleep(time.Second) // let them settle
	after := rssKiB(t, p.cmd.Process.Pid)
	per := float64(after-before) / n
	t.Logf("%d idle clients: relay RSS %d MiB → %d MiB, %.1f KiB per connection (target < 64 KiB)", n, before>>10, after>>10, per)
	if per > 256 {
		t.Fatalf("%.1f KiB per idle connection, far above the 64 KiB target", per)
	}
}
