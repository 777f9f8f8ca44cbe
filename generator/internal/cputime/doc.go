// Package cputime reads the CPU time the process has used, for
// benchmarks that report it beside wall time: on a machine whose cores
// other work shares, CPU time says what the code cost.
package cputime
