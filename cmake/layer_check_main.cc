// The entry point of a part's link check (cmake/KrabuanParts.cmake): the program only
// has to link; it is never run.
int main() { return 0; }
