package model

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// rawObject is a JSON object split into its members, for the records that
// decode strictly: encoding/json fills a missing field with its zero value,
// and a missing amount or time must be an error, never "0" or year 1.
type rawObject map[string]json.RawMessage

// decodeObject splits b into members; null, arrays and scalars are errors.
func decodeObject(b []byte) (rawObject, error) {
	t := bytes.TrimSpace(b)
	if len(t) == 0 || t[0] != '{' {
		return nil, fmt.Errorf("want an object, got %s", jsonKind(t))
	}
	var o rawObject
	if err := json.Unmarshal(t, &o); err != nil {
		return nil, err
	}
	return o, nil
}

func isNull(m json.RawMessage) bool { return string(bytes.TrimSpace(m)) == "null" }

// required decodes member name into dst; absent or null is an error.
func (o rawObject) required(name string, dst any) error {
	m, ok := o[name]
	switch {
	case !ok:
		return fmt.Errorf("field %q is missing", name)
	case isNull(m):
		return fmt.Errorf("field %q is null", name)
	}
	if err := json.Unmarshal(m, dst); err != nil {
		return fmt.Errorf("field %q: %w", name, err)
	}
	return nil
}

// nullable decodes member name into dst, a pointer to a pointer: null leaves
// *dst nil. The member must be present: the contract always sends these, and
// "absent" must not silently read as "null" (unlimited, never resets).
func (o rawObject) nullable(name string, dst any) error {
	m, ok := o[name]
	if !ok {
		return fmt.Errorf("field %q is missing", name)
	}
	if isNull(m) {
		return nil
	}
	if err := json.Unmarshal(m, dst); err != nil {
		return fmt.Errorf("field %q: %w", name, err)
	}
	return nil
}

// decodeArray splits b into elements; null is reported by the caller's choice.
func decodeArray(b []byte) ([]json.RawMessage, error) {
	t := bytes.TrimSpace(b)
	if len(t) == 0 || t[0] != '[' {
		return nil, fmt.Errorf("want an array, got %s", jsonKind(t))
	}
	var a []json.RawMessage
	if err := json.Unmarshal(t, &a); err != nil {
		return nil, err
	}
	return a, nil
}

func jsonKind(t []byte) string {
	switch {
	case len(t) == 0:
		return "nothing"
	case t[0] == '{':
		return "an object"
	case t[0] == '[':
		return "an array"
	case t[0] == '"':
		return "a string"
	case string(t) == "null":
		return "null"
	case string(t) == "true" || string(t) == "false":
		return "a boolean"
	}
	return "a number"
}

// decodeCount reads a record count: a JSON integer, never negative.
func decodeCount(o rawObject, name string) (int64, error) {
	var n int64
	if err := o.required(name, &n); err != nil {
		return 0, err
	}
	if n < 0 {
		return 0, fmt.Errorf("field %q is negative (%d)", name, n)
	}
	return n, nil
}
