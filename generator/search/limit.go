package search

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Limiter bounds the searches that run at once, and queues the others:
// with as many searches running as the machine has cores, each finishes in
// milliseconds, where two hundred at once would share the cores and all
// run late. Waiting readers are served in order of arrival, however long
// it takes. A reader is turned away (ErrBusy), at once, only when the
// queue already holds more searches than run within the wait allowed
// (maxWait), at the pace the queue has been emptying. It is safe for
// concurrent use.
type Limiter struct {
	slots chan struct{}
	// maxWait is how long a reader should wait for a worker at most: it
	// sizes the queue.
	maxWait time.Duration
	waiting atomic.Int64

	mu sync.Mutex
	// gap is the moving average of the time between two searches ending
	// while others wait: how fast the queue empties.
	gap  time.Duration
	last time.Time
}

// Defaults of a Limiter.
const (
	// DefaultMaxWait is how long a reader should wait for a free worker
	// at most: the queue holds what the workers run in that time. Ten
	// seconds is as long as a Netlify function may answer, and longer
	// than most readers wait; a reader who would wait more is better told
	// when to try again.
	DefaultMaxWait = 10 * time.Second
	// initialPace is the duration assumed for a search before the queue
	// has been seen emptying.
	initialPace = 20 * time.Millisecond
	// maxQueue bounds the waiting searches whatever their pace.
	maxQueue = 10_000
)

// ErrBusy reports a search turned away because the queue was full.
var ErrBusy = errors.New("troppe ricerche in attesa")

// NewLimiter returns a limiter that runs workers searches at once
// (runtime.GOMAXPROCS when workers ≤ 0) and queues as many as it runs in
// maxWait (DefaultMaxWait when maxWait ≤ 0).
func NewLimiter(workers int, maxWait time.Duration) *Limiter {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if maxWait <= 0 {
		maxWait = DefaultMaxWait
	}
	return &Limiter{slots: make(chan struct{}, workers), maxWait: maxWait, gap: initialPace / time.Duration(workers)}
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
		if gap := l.pace(); time.Duration(n)*gap > l.maxWait && n > int64(4*cap(l.slots)) || n > maxQueue {
			return max(time.Duration(n)*gap, time.Second), ErrBusy
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
	defer func() {
		<-l.slots
		l.observe(time.Now())
	}()
	search()
	return 0, nil
}

// Waiting counts the searches waiting for a worker.
func (l *Limiter) Waiting() int { return int(l.waiting.Load()) }

// pace is the current estimate of the time between two searches ending
// when the queue is not empty.
func (l *Limiter) pace() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return max(l.gap, 50*time.Microsecond)
}

// observe records a search ending at end. While others wait, the time
// since the previous end joins the moving average: each weighs a
// sixteenth and counts at most four times the average, so that one search
// held up (the machine busy with something else for a moment) does not
// shrink the queue, while a lasting slowdown shows within a few dozen
// searches.
func (l *Limiter) observe(end time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.waiting.Load() > 0 && !l.last.IsZero() {
		d := min(end.Sub(l.last), 4*l.gap)
		l.gap += (d - l.gap) / 16
	}
	l.last = end
}
