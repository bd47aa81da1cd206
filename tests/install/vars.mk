# postern: read by tests/install/run.sh after the build's own Makefile
# (make -f Makefile -f vars.mk install-vars), to learn where make install
# puts each thing.
install-vars:
	@echo "prefix='$(prefix)'"
	@echo "sbindir='$(sbindir)'"
	@echo "pkglibexecdir='$(pkglibexecdir)'"
	@echo "pkgdatadir='$(pkgdatadir)'"
	@echo "templatedir='$(templatedir)'"
	@echo "mandir='$(mandir)'"
	@echo "statedir='$(statedir)'"
	@echo "contribdir='$(contribdir)'"
	@echo "version='$(PACKAGE_VERSION)'"
.PHONY: install-vars
