package search

import (
	"context"
	"errors"
	"runtime"
	"sync/atomic"
	"time"
)

// Limiter bounds the searches that run at once, and queues the others:
// with as many searches running as the machine has cores, each finishes in
// milliseconds, where two hundred at once would share the cores and all
// run late. Waiting readers are served in order of arrival, however long
// it takes. A reader is turned away (ErrBusy), at once, only when the
// queue already holds more searches than the workers can run within the
// wait allowed (maxWait), at the pace of the searches just run. It is safe
// for concurrent use.
type Limiter struct {
	slots chan struct{}
	// maxWait is how long a reader should wait for a worker at most: it
	// sizes the queue.
	maxWait time.Duration
	waiting atomic.Int64
	// pace is the moving average of a search's duration, in
	// nanoseconds.
	pace atomic.Int64
}

// Defaults of a Limiter.
const (
	// DefaultMaxWait is how long a reader should wait for a free worker
	// at most: the queue holds what the workers run in that time.
	DefaultMaxWait = 5 * time.Second
	// initialPace is the duration assumed for a search before any has
	// run.
	initialPace = 20 * time.Millisecond
	// maxQueue bounds the waiting searches whatever their pace.
	maxQueue = 10_000
)

// ErrBusy reports a search turned away because the queue was full.
var ErrBusy = errors.New("troppe ricerche in attesa")

// NewLimiter returns a limiter that runs workers searches at once
// (runtime.GOMAXPROCS when workers ≤ 0) and queues as many as they run in
// maxWait (DefaultMaxWait when maxWait ≤ 0).
func NewLimiter(workers int, maxWait time.Duration) *Limiter {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if maxWait <= 0 {
		maxWait = DefaultMaxWait
	}
	l := &Limiter{slots: make(chan struct{}, workers), maxWait: maxWait}
	l.pace.Store(int64(initialPace))
	return l
}

// Do runs search once a worker is free. It returns ErrBusy at once when
// the queue is full, with how long to wait before trying again, and the
// context's error if ctx ends while waiting; search then does not run.
func (l *Limiter) Do(ctx context.Context, search func()) (retryAfter time.Duration, err error) {
	select {
	case l.slots <- struct{}{}:
	default:
		n := l.waiting.Add(1)
		defer l.waiting.Add(-1)
		if n > l.capacity() {
			return l.drain(n), ErrBusy
		}
		// Admitted, a reader waits for its turn, however long it
		// takes: it is never turned away after waiting. Senders blocked
		// on a channel are woken in order of arrival.
		select {
		case l.slots <- struct{}{}:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
	defer func() { <-l.slots }()
	start := time.Now()
	search()
	l.observe(time.Since(start))
	return 0, nil
}

// Waiting counts the searches waiting for a worker.
func (l *Limiter) Waiting() int { return int(l.waiting.Load()) }

// capacity is how many searches may wait: as many as the workers can run
// within maxWait at the current pace.
func (l *Limiter) capacity() int64 {
	pace := max(l.pace.Load(), int64(time.Millisecond))
	n := int64(cap(l.slots)) * int64(l.maxWait) / pace
	return min(max(n, int64(4*cap(l.slots))), maxQueue)
}

// drain is about how long n waiting searches take to run, at least a
// second.
func (l *Limiter) drain(n int64) time.Duration {
	d := time.Duration(n * l.pace.Load() / int64(cap(l.slots)))
	return max(d, time.Second)
}

// observe adds the duration of one search to the moving average (each
// new search weighs one eighth).
func (l *Limiter) observe(d time.Duration) {
	for {
		old := l.pace.Load()
		next := old + (int64(d)-old)/8
		if l.pace.CompareAndSwap(old, next) {
			return
		}
	}
}
