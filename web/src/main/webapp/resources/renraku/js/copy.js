/*
 * Copy buttons: <button data-copy="element-id" data-done="text shown after copying">. Copies the element's text
 * to the clipboard; where the clipboard is not available (plain http), selects the text for Ctrl+C instead.
 * Print buttons: <button data-print=""> prints the page (and, where the page has a p:remoteCommand named
 * rkJoinSheetPrinted, tells the server that the join sheet was printed). Handlers are bound here, never inline (onclick="..."):
 * the Content-Security-Policy allows no inline script without the page's nonce.
 */
(function () {
    function select(element) {
        var range = document.createRange();
        range.selectNodeContents(element);
        window.getSelection().removeAllRanges();
        window.getSelection().addRange(range);
    }
    document.querySelectorAll('button[data-copy]').forEach(function (button) {
        button.addEventListener('click', function () {
            var element = document.getElementById(button.dataset.copy);
            var text = element.textContent.trim();
            if (navigator.clipboard && window.isSecureContext) {
                navigator.clipboard.writeText(text).then(function () {
                    button.textContent = button.dataset.done;
                }, function () {
                    select(element);
                });
            } else {
                select(element);
            }
        });
    });
    // the join page records the first print of the join sheet (the home's checklist): from the button, or from the
    // browser's own print (Ctrl+P) through beforeprint; once per page
    var printRecorded = false;
    function recordPrint() {
        if (!printRecorded && typeof window.rkJoinSheetPrinted === 'function') {
            printRecorded = true;
            window.rkJoinSheetPrinted();
        }
    }
    window.addEventListener('beforeprint', recordPrint);
    document.querySelectorAll('button[data-print]').forEach(function (button) {
        button.addEventListener('click', function () {
            recordPrint();
            window.print();
        });
    });
})();
