//go:build !unix

package cputime

import "time"

// Used is the user and system time used by the process so far: unknown
// on this system, 0.
func Used() time.Duration { return 0 }
