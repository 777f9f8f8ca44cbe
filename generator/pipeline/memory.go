package pipeline

import (
	"os"
	"runtime/debug"
)

// The memory of a single build. Once the pages let go of their text
// (content.Options.Offload, spill.go), what a build holds grows with what
// it shows of each page — titles, fields, terms, the cards of the lists,
// the plan of the files — about 14 KiB a page at 50,000 pages, plus a base
// that does not grow with the site (the layouts, the schema, the index's
// batch in progress, buffers). The garbage collector may let the heap grow
// as far as that budget before it runs: few collections, and a peak that
// grows with the site like the work does, never a fixed ceiling that a
// large site outgrows (a 560 MiB ceiling made the collector run without
// end past ~15,000 pages).
const (
	budgetBase    = 256 << 20
	budgetPerPage = 14 << 10
)

// memoryBudget is the soft memory limit of a single build of n pages.
func memoryBudget(n int) int64 { return budgetBase + int64(n)*budgetPerPage }

// setMemoryBudget sets the process's soft memory limit to the budget of a
// build of n pages, and lets the heap grow lazily below it (GOGC 400),
// unless GOMEMLIMIT or GOGC say otherwise. For the command line only
// (Config.MemoryBudget): it changes the whole process.
func setMemoryBudget(n int) {
	if os.Getenv("GOMEMLIMIT") != "" || os.Getenv("GOGC") != "" {
		return
	}
	debug.SetMemoryLimit(memoryBudget(n))
	debug.SetGCPercent(400)
}
