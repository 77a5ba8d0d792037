// malloc and free of the page's runtime module (wasm/CMakeLists.txt links it with
// -sMALLOC=none): blocks of 16 bytes, then 2^k and 1.5 × 2^k bytes up to 2^30, each size kept on
// a free list of its own and never merged or returned. The runtime's allocations are few and
// repeat in kind (a model's vectors and strings, a session's cells, the texts of each answer and
// result), so freed blocks are taken again as they are, and an allocation or a free is a few
// instructions. emmalloc, general-purpose (it splits and merges blocks of any size), was 1.8 KB
// of the module's code (docs/performance.md, "The runtime's size, seventh session"). The cost: a
// block is up to half as large again as what was asked (powers of two alone, up to twice, made
// 1,000 sessions scored in turn 6 % slower: their memory no longer fit the caches as well).
#include <emscripten/heap.h>  // emscripten_resize_heap: web/leadqual.js grows the memory

#include <cstddef>
#include <cstdint>

extern "C" std::size_t __heap_base;  // the linker's: where the memory past the stack starts

namespace {

// Each block starts with its size class (8 bytes: blocks are multiples of 8 from an 8-aligned
// start, so the memory handed out is 8-aligned, as max_align_t is in wasm32); a free one then
// holds the next free block of its class.
constexpr std::size_t kHeader = 8;
constexpr int kSmallest = 4;  // 16-byte blocks
constexpr int kLargest = 30;

struct Block {
  std::uint32_t size_class;
  std::uint32_t unused;
  Block* next;  // while free
};
static_assert(sizeof(Block) <= std::size_t{1} << kSmallest, "a free block holds its link");

Block* free_blocks[2 * kLargest + 2];  // by size class: 2k for 2^k bytes, 2k + 1 for 1.5 × 2^k

// `size` more bytes past the heap's end (Emscripten's sbrk comes with its mallocs); null when
// the memory cannot grow.
void* more_memory(std::size_t size) {
  static std::uintptr_t end = reinterpret_cast<std::uintptr_t>(&__heap_base);
  const std::uintptr_t start = (end + 7) & ~std::uintptr_t{7};
  if (start + size < start) return nullptr;
  const std::uintptr_t have = std::uintptr_t{__builtin_wasm_memory_size(0)} << 16;
  if (start + size > have && emscripten_resize_heap(start + size) == 0) return nullptr;
  end = start + size;
  return reinterpret_cast<void*>(start);
}

}  // namespace

extern "C" {

void* malloc(std::size_t size) {
  if (size > (std::size_t{1} << kLargest) - kHeader) return nullptr;
  // The smallest block of at least size + kHeader bytes: 16, then 2^k and 1.5 × 2^k.
  const auto need = static_cast<std::uint32_t>(size + kHeader);
  std::uint32_t block_size = 16;
  if (need > 16) {
    const int k = 31 - __builtin_clz(need - 1);  // 2^k < need <= 2^(k+1)
    block_size = need <= (3u << (k - 1)) ? 3u << (k - 1) : 2u << k;
  }
  const int power = 31 - __builtin_clz(block_size);
  const int size_class = 2 * power + ((block_size & (block_size - 1)) != 0 ? 1 : 0);
  Block* block = free_blocks[size_class];
  if (block != nullptr) {
    free_blocks[size_class] = block->next;
  } else {
    block = static_cast<Block*>(more_memory(block_size));
    if (block == nullptr) return nullptr;
    block->size_class = static_cast<std::uint32_t>(size_class);
  }
  return reinterpret_cast<char*>(block) + kHeader;
}

void free(void* memory) {
  if (memory == nullptr) return;
  Block* block = reinterpret_cast<Block*>(static_cast<char*>(memory) - kHeader);
  block->next = free_blocks[block->size_class];
  free_blocks[block->size_class] = block;
}

}  // extern "C"
