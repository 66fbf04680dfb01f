package model

import (
	"os"
	"path/filepath"
	"strings"
	"time"
)

// ZoneName is the IANA name to send as /usage/daily's tz for loc, so the API's
// days are the user's days. time.Local has no usable name ("Local"), so it is
// looked up from $TZ, then from the /etc/localtime link; "" when neither names
// a loadable zone (callers then fetch and compute in UTC). getenv is
// os.Getenv outside tests.
func ZoneName(loc *time.Location, getenv func(string) string) string {
	if loc == nil {
		loc = time.Local
	}
	if n := loc.String(); n != "Local" {
		return n
	}
	if getenv != nil {
		if tz := strings.TrimPrefix(getenv("TZ"), ":"); tz != "" && validZone(tz) {
			return tz
		}
	}
	if target, err := os.Readlink("/etc/localtime"); err == nil {
		if i := strings.Index(target, "zoneinfo/"); i >= 0 {
			if n := filepath.ToSlash(target[i+len("zoneinfo/"):]); validZone(n) {
				return n
			}
		}
	}
	return ""
}

func validZone(n string) bool {
	if n == "Local" || strings.HasPrefix(n, "/") {
		return false
	}
	_, err := time.LoadLocation(n)
	return err == nil
}
