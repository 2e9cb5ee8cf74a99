// The count of global operator new calls in a test executable, for hot-path tests that assert a
// call allocates nothing. Include it anywhere; the counting operator new itself is in
// counting_new.hpp, which exactly one .cpp per executable includes.
#pragma once

#include <atomic>

namespace opgsim::test {
inline std::atomic<long> g_allocations{0};
}
