/*
 * Copy buttons: <button data-copy="element-id" data-done="text shown after copying">. Copies the element's text
 * to the clipboard; where the clipboard is not available (plain http), selects the text for Ctrl+C instead.
 * Print buttons: <button data-print=""> prints the page. Handlers are bound here, never inline (onclick="..."):
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
    document.querySelectorAll('button[data-print]').forEach(function (button) {
        button.addEventListener('click', function () {
            window.print();
        });
    });
})();
