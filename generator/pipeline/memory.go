package pipeline

import (
	"os"
	"runtime/debug"
)

// The memory of a single build. Once the pages let go of their text
// (content.Options.Offload, spill.go), what a build holds grows with what
// it shows of each page — titles, fields, terms, the cards of the lists,
// the plan of the files — plus a base that does not grow with the site
// (the layouts, the schema, buffers). At its peak, while the lists render
// with every page's card, that is about 12.5 KiB a page at 50,000 pages,
// 19 KiB at 10,000 (the base weighs more there). The garbage collector
// may let the heap grow as far as the budget before it runs.
//
// The budget must leave the heap room to grow in proportion to what it
// holds: every collection marks the whole live heap, so a budget that
// only just covers it makes the collector run over and over, and its cost
// grow with the square of the pages (at 50,000 pages, a budget of 14 KiB
// a page gave 80 collections and a quarter of the build's CPU; 10,000
// pages took 33 and 7%). It must also stay within the memory the README
// promises: 450 MiB at 10,000 pages, 1.2 GiB at 50,000, with what the
// process holds besides (the heap overshoots the soft limit by up to
// about 115 MiB at 50,000 pages while a collection runs).
const (
	budgetBase    = 224 << 20
	budgetPerPage = 17 << 10
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
