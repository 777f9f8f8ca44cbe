package italian

import (
	"strconv"
	"time"
)

// weekdays are the Italian names of the days of the week, Monday first
// (the Italian week), lower-case as Italian writes them.
var weekdays = [7]string{"lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"}

// MonthName is the Italian name of the month m, lower-case: "marzo".
func MonthName(m time.Month) string { return months[m-1] }

// MonthYear names a month of a year, with a capital as a title has it:
// "Marzo 2027".
func MonthYear(y int, m time.Month) string {
	n := months[m-1]
	return string(n[0]-'a'+'A') + n[1:] + " " + strconv.Itoa(y)
}

// Weekday is the Italian name of the day of the week d: "lunedì".
func Weekday(d time.Weekday) string { return weekdays[(int(d)+6)%7] }

// WeekdayShort is the abbreviation of the day of the week d, as the head
// of a calendar's column shows it: "lun", "mar", "mer".
func WeekdayShort(d time.Weekday) string { return string([]rune(Weekday(d))[:3]) }

// DayMonth is a day of the month and its month, without the year:
// "3 marzo", "1º marzo".
func DayMonth(t time.Time) string {
	day := strconv.Itoa(t.Day())
	if t.Day() == 1 {
		day = "1º"
	}
	return day + " " + months[t.Month()-1]
}
