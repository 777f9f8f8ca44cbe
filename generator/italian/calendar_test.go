package italian

import (
	"testing"
	"time"
)

func TestCalendarNames(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{MonthName(time.March), "marzo"},
		{MonthYear(2027, time.October), "Ottobre 2027"},
		{Weekday(time.Monday), "lunedì"},
		{Weekday(time.Sunday), "domenica"},
		{WeekdayShort(time.Wednesday), "mer"},
		{WeekdayShort(time.Friday), "ven"},
		{DayMonth(day("2027-03-01")), "1º marzo"},
		{DayMonth(day("2027-03-28")), "28 marzo"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
