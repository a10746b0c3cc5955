// Command bench measures hookctl against the physical floor on this machine:
// it starts a target, hookctl in each mode and a load generator, all on
// 127.0.0.1, bounded in time, and prints one table. See BENCHMARKS.md.
//
//	go run ./bench                    # every mode, 5 s a point
//	go run ./bench -duration 1s       # the smoke run CI does
//	go run ./bench -modes direct,listen-json -concurrency 32
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type config struct {
	duration     time.Duration
	drainEvents  int
	sendRequests int
	idleClients  int
	concurrency  []int
	modes        []string
	bin          string
	work         string
	out          io.Writer
}

func run() error {
	var cfg config
	var modes, conc string
	flag.DurationVar(&cfg.duration, "duration", 5*time.Second, "how long each measured point runs")
	flag.StringVar(&modes, "modes", strings.Join(modeNames(), ","), "modes to run, comma-separated")
	flag.StringVar(&conc, "concurrency", "1,32", "sender concurrencies, comma-separated")
	flag.IntVar(&cfg.drainEvents, "drain-events", 10000, "events stored before the relay-drain client connects")
	flag.IntVar(&cfg.sendRequests, "send-requests", 5000, "requests one send --repeat run makes")
	flag.IntVar(&cfg.idleClients, "idle-clients", 1000, "tunnel clients the idle-clients mode connects")
	flag.StringVar(&cfg.bin, "bin", "", "measure this hookctl binary instead of building one (to compare builds, or profile one)")
	flag.Parse()
	cfg.modes = strings.Split(modes, ",")
	for _, c := range strings.Split(conc, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(c))
		if err != nil || n < 1 || n > 1024 {
			return fmt.Errorf("-concurrency %q: want whole numbers from 1 to 1024", c)
		}
		cfg.concurrency = append(cfg.concurrency, n)
	}
	for _, m := range cfg.modes {
		if findMode(m) == nil {
			return fmt.Errorf("unknown mode %q: choose from %s", m, strings.Join(modeNames(), ", "))
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	work, err := os.MkdirTemp("", "hookctl-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	cfg.work, cfg.out = work, os.Stdout
	if cfg.bin != "" {
		if _, err := os.Stat(cfg.bin); err != nil {
			return fmt.Errorf("-bin: %v", err)
		}
		return measure(ctx, cfg)
	}
	cfg.bin = filepath.Join(work, "hookctl")
	fmt.Fprintln(os.Stderr, "building hookctl…")
	build := exec.CommandContext(ctx, "go", "build", "-o", cfg.bin, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("go build: %w", err)
	}
	return measure(ctx, cfg)
}

// target is the app hookctl delivers to: it answers 200 and counts.
type target struct {
	URL       string
	delivered atomic.Int64
	srv       *http.Server
}

func startTarget() (*target, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	t := &target{URL: "http://" + ln.Addr().String()}
	t.srv = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		t.delivered.Add(1)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"ok":true}`)
	})}
	go t.srv.Serve(ln)
	return t, nil
}

func (t *target) close() { t.srv.Close() }

// freeAddr returns a loopback address that was free a moment ago.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// waitTCP waits until addr accepts connections.
func waitTCP(ctx context.Context, addr string) error {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond); err == nil {
			c.Close()
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
	return fmt.Errorf("nothing listening on %s after 10 s", addr)
}

// process is a hookctl started for a mode, stopped with SIGINT.
type process struct {
	cmd  *exec.Cmd
	done chan error
}

func start(ctx context.Context, bin string, stdout io.Writer, args ...string) (*process, error) {
	return startWith(bin, nil, stdout, args...)
}

func startWithInput(ctx context.Context, bin string, stdin []byte, args ...string) (*process, error) {
	return startWith(bin, stdin, io.Discard, args...)
}

func startWith(bin string, stdin []byte, stdout io.Writer, args ...string) (*process, error) {
	c := exec.Command(bin, args...)
	if stdin != nil {
		c.Stdin = bytes.NewReader(stdin)
	}
	c.Stdout = stdout
	c.Stderr = io.Discard
	c.Env = append(os.Environ(), "NO_COLOR=1")
	if err := c.Start(); err != nil {
		return nil, err
	}
	p := &process{cmd: c, done: make(chan error, 1)}
	go func() { p.done <- c.Wait() }()
	return p, nil
}

func (p *process) stop() {
	p.cmd.Process.Signal(os.Interrupt)
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		p.cmd.Process.Kill()
		<-p.done
	}
}
