/*
 * Copy buttons: <button data-copy="element-id" data-done="text shown after copying">. Copies the element's text
 * to the clipboard; where the clipboard is not available (plain http), selects the text for Ctrl+C instead.
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
})();
