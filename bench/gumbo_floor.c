/* The floor for bench/parse.sh: read each file, gumbo_parse it with the
 * options qascrape uses (max_errors = 0) and free the tree, in one thread.
 * Nothing else: no extraction, no output. Built by parse.sh with
 *   cc -O2 gumbo_floor.c $(pkg-config --cflags --libs gumbo)
 * Usage: gumbo_floor LIST   (LIST: one file path per line)
 * Prints "files bytes" on stdout. */
#include <gumbo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: gumbo_floor LIST\n");
    return 2;
  }
  FILE* list = fopen(argv[1], "r");
  if (list == NULL) {
    perror(argv[1]);
    return 1;
  }
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0; /* as src/dom/document.cc: errors are never read */
  char path[4096];
  char* buf = NULL;
  size_t cap = 0, files = 0, bytes = 0;
  while (fgets(path, sizeof path, list) != NULL) {
    path[strcspn(path, "\n")] = '\0';
    if (path[0] == '\0') continue;
    FILE* f = fopen(path, "rb");
    if (f == NULL) {
      perror(path);
      return 1;
    }
    fseek(f, 0, SEEK_END);
    const long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    if (size < 0) return 1;
    if ((size_t)size + 1 > cap) {
      cap = (size_t)size + 1;
      buf = realloc(buf, cap);
      if (buf == NULL) return 1;
    }
    if (fread(buf, 1, (size_t)size, f) != (size_t)size) {
      perror(path);
      return 1;
    }
    fclose(f);
    GumboOutput* out = gumbo_parse_with_options(&options, buf, (size_t)size);
    if (out == NULL || out->root == NULL) {
      fprintf(stderr, "%s: no tree\n", path);
      return 1;
    }
    gumbo_destroy_output(&options, out);
    ++files;
    bytes += (size_t)size;
  }
  fclose(list);
  free(buf);
  printf("%zu %zu\n", files, bytes);
  return 0;
}
