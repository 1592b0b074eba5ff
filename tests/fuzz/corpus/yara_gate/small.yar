rule a { strings: $a = { 41 42 ?? } $b = /x{2}/ condition: $a and not $b or 2 of them }
