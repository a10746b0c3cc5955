// Command bench measures hookctl against the physical floor on this machine:
// it starts a target, hookctl in each mode and a load generator, all on
// 127.0.0.1, bounded in time, and prints one table. See BENCHMARKS.md.
//
//	go run ./bench                    # every mode, 5 s a point
//	go run ./bench -duration 1s       # the smoke run CI does
//	go run ./bench -modes direct,listen-json -concurrency 32
package main

import (
	"bufio"
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
	if os.Getenv(targetEnv) == "1" {
		if err := serveTarget(); err != nil {
			fmt.Fprintln(os.Stderr, "bench target:", err)
			os.Exit(1)
		}
		return
	}
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

// target is the app hookctl delivers to: a process of its own, as an app
// is, that answers 200 and counts. (Run inside this process, beside the load
// generator, a request to it never crosses a process boundary, which made
// the direct floor about 2.5 times faster at one connection than a real
// app can be, and than the floor the benchmark issue quotes.)
type target struct {
	URL   string
	cmd   *exec.Cmd
	stdin io.Closer // held open for the target's life: it exits at EOF
}

// targetEnv makes this program serve as the target (see serveTarget).
const targetEnv = "HOOKCTL_BENCH_TARGET"

func startTarget() (*target, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	c := exec.Command(self)
	c.Env = append(os.Environ(), targetEnv+"=1")
	out, err := c.StdoutPipe()
	if err != nil {
		return nil, err
	}
	stdin, err := c.StdinPipe() // the target exits when this closes
	if err != nil {
		return nil, err
	}
	if err := c.Start(); err != nil {
		return nil, err
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		c.Process.Kill()
		c.Wait()
		return nil, fmt.Errorf("the target did not start: %v", err)
	}
	return &target{URL: strings.TrimSpace(line), cmd: c, stdin: stdin}, nil
}

// delivered asks the target how many requests it has answered.
func (t *target) delivered() int64 {
	resp, err := http.Get(t.URL + countPath)
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	if err != nil {
		return -1
	}
	return n
}

func (t *target) close() {
	t.stdin.Close()
	done := make(chan struct{})
	go func() { t.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.cmd.Process.Kill()
		<-done
	}
}

// countPath is where the target reports its count; requests to it are not
// counted.
const countPath = "/_bench/delivered"

// serveTarget is the target process: it prints its URL, then answers every
// request with a small JSON body and counts them, until stdin closes or it
// is interrupted.
func serveTarget() error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	var n atomic.Int64
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == countPath {
			fmt.Fprintln(w, n.Load())
			return
		}
		io.Copy(io.Discard, r.Body)
		n.Add(1)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"ok":true}`)
	})}
	fmt.Printf("http://%s\n", ln.Addr())
	go func() {
		io.Copy(io.Discard, os.Stdin)
		srv.Close()
	}()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	go func() { <-ctx.Done(); srv.Close() }()
	if err := srv.Serve(ln); err != http.ErrServerClosed {
		return err
	}
	return nil
}

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
	// Left nil, output goes straight to /dev/null; io.Discard would make
	// os/exec copy it through a pipe in this process, which also runs the
	// load generator and the target and would be slowed by it.
	if stdout != io.Discard {
		c.Stdout = stdout
	}
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
