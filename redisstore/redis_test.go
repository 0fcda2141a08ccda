package redisstore_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// needRedis skips a test when there is no Redis to run it against, except
// in CI, where a missing Redis means the CI setup is broken.
func needRedis(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s; CI must provide one: run scripts/redis.sh start and export what it prints", why)
	}
	t.Skipf("%s; to run this test: eval \"$(scripts/redis.sh start)\"", why)
}

// redisAddr returns the address of the shared test Redis.
func redisAddr(t *testing.T) string {
	t.Helper()
	addr := os.Getenv("TRACKING_REDIS_ADDR")
	if addr == "" {
		needRedis(t, "TRACKING_REDIS_ADDR is not set")
	}
	rdb := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1})
	defer rdb.Close()
	if err := rdb.Ping(context.Background()).Err(); err != nil {
		needRedis(t, fmt.Sprintf("Redis at TRACKING_REDIS_ADDR=%s does not answer: %v", addr, err))
	}
	return addr
}

// newClient returns a client of its own (its own connections), closed
// when the test ends. Short timeouts make an outage show at once.
func newClient(t *testing.T, addr string) *redis.Client {
	t.Helper()
	rdb := redis.NewClient(&redis.Options{
		Addr:         addr,
		DialTimeout:  time.Second,
		ReadTimeout:  time.Second,
		WriteTimeout: time.Second,
		MaxRetries:   1,
		// One dial per call: an outage fails a call in milliseconds.
		DialerRetries: 1,
	})
	t.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

// namespace is unique per test and run, so that runs sharing one Redis
// never see each other's keys.
func namespace(t *testing.T) string { return "test-" + rand.Text()[:10] + "-" + t.Name() }

// redisServer is a redis-server of the test's own, which it can stop and
// start again on the same port to play an outage.
type redisServer struct {
	t    *testing.T
	port int
	cmd  *exec.Cmd
}

// startRedisServer starts a private redis-server on a free loopback port.
func startRedisServer(t *testing.T) *redisServer {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		needRedis(t, "redis-server is not installed (apt-get install -y redis-server)")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	_ = l.Close()
	s := &redisServer{t: t, port: port}
	s.start()
	t.Cleanup(s.stop)
	return s
}

func (s *redisServer) addr() string { return "127.0.0.1:" + strconv.Itoa(s.port) }

func (s *redisServer) start() {
	s.t.Helper()
	s.cmd = exec.Command("redis-server", "--bind", "127.0.0.1", "--port", strconv.Itoa(s.port),
		"--save", "", "--appendonly", "no", "--dir", s.t.TempDir())
	if err := s.cmd.Start(); err != nil {
		s.t.Fatalf("starting redis-server: %v", err)
	}
	rdb := redis.NewClient(&redis.Options{Addr: s.addr(), MaxRetries: -1})
	defer rdb.Close()
	for range 100 { // up to ~5 s on a loaded machine; usually the first few
		if rdb.Ping(context.Background()).Err() == nil {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatalf("redis-server on %s did not answer", s.addr())
}

// stop kills the server and waits for it to exit; stopping twice is fine.
func (s *redisServer) stop() {
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
	s.cmd = nil
}
