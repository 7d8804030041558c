package topk

import (
	"slices"
	"testing"
)

func TestInsert(t *testing.T) {
	less := func(a, b int) bool { return a < b }
	tests := []struct {
		in   []int
		n    int
		want []int
	}{
		{[]int{5, 1, 4, 2, 3}, 3, []int{1, 2, 3}},
		{[]int{5, 1, 4}, 5, []int{1, 4, 5}},
		{[]int{2, 2, 1}, 2, []int{1, 2}},
		{[]int{3, 1}, 0, nil},
		{nil, 3, nil},
	}
	for _, tt := range tests {
		var top []int
		for _, x := range tt.in {
			top = Insert(top, x, tt.n, less)
		}
		if !slices.Equal(top, tt.want) {
			t.Errorf("Insert %v into top %d = %v, want %v", tt.in, tt.n, top, tt.want)
		}
	}
}
