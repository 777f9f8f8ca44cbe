package pipeline

import (
	"runtime/debug"
	"testing"
)

// TestMemoryBudget: the budget grows with the pages (a site never outgrows
// it) and stays within the figures the README promises: under 450 MiB at
// 10,000 pages and 1.2 GiB at 50,000, heap and the rest together.
func TestMemoryBudget(t *testing.T) {
	if a, b := memoryBudget(10_000), memoryBudget(50_000); b-a != 40_000*budgetPerPage {
		t.Errorf("the budget must grow by the same amount for every page: %d, %d", a, b)
	}
	if got := memoryBudget(10_000); got > 400<<20 {
		t.Errorf("10,000 pages: %d MiB, leaves too little under 450 MiB for what is not heap", got>>20)
	}
	if got := memoryBudget(50_000); got > 1080<<20 {
		t.Errorf("50,000 pages: %d MiB, leaves too little under 1.2 GiB for what is not heap", got>>20)
	}
}

// TestMemoryBudgetLeavesSettingsAlone: GOMEMLIMIT or GOGC set by whoever
// runs the build win over the budget.
func TestMemoryBudgetLeavesSettingsAlone(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(before) })
	for _, env := range []string{"GOMEMLIMIT", "GOGC"} {
		t.Run(env, func(t *testing.T) {
			t.Setenv(env, "100")
			setMemoryBudget(1000)
			if got := debug.SetMemoryLimit(-1); got != before {
				t.Errorf("with %s set the limit changed to %d", env, got)
			}
		})
	}
	setMemoryBudget(1000)
	t.Cleanup(func() { debug.SetGCPercent(100) })
	if got := debug.SetMemoryLimit(-1); got != memoryBudget(1000) {
		t.Errorf("limit %d, want %d", got, memoryBudget(1000))
	}
}
