#pragma once
#include <cstdint>
#include <numeric>
#include <vector>

// Disjoint sets over dense indexes (path halving, union by size): how the correlator grows
// conversations from pairwise evidence in near-linear time.
class UnionFind
{
public:
    explicit UnionFind(size_t n = 0) { reset(n); }
    void reset(size_t n)
    {
        m_parent.resize(n);
        std::iota(m_parent.begin(), m_parent.end(), 0);
        m_size.assign(n, 1);
    }
    size_t size() const { return m_parent.size(); }
    int32_t find(int32_t x)
    {
        while (m_parent[x] != x) {
            m_parent[x] = m_parent[m_parent[x]];
            x = m_parent[x];
        }
        return x;
    }
    // Returns the new root, or -1 when both were already together.
    int32_t unite(int32_t a, int32_t b)
    {
        a = find(a);
        b = find(b);
        if (a == b)
            return -1;
        if (m_size[a] < m_size[b])
            std::swap(a, b);
        m_parent[b] = a;
        m_size[a] += m_size[b];
        return a;
    }
    int32_t componentSize(int32_t x) { return m_size[find(x)]; }

private:
    std::vector<int32_t> m_parent;
    std::vector<int32_t> m_size;
};
