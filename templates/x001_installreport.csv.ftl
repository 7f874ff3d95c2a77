<#-- x001 installation report (SPEC F3, the manual's 2001): no header; per meter, the telegrams of its latest
     readout with values: gateway serial; meter secondary address; readout time; telegram number within the
     readout; the telegram in hex from the C field up to (not including) the checksum and stop byte. -->
<#list meters as m>
<#list m.telegrams as t>
${gateway.serial}${sep}${m.secondary}${sep}${m.telegramsAt}${sep}${t.index?string("00")}${sep}${t.hex}
</#list>
</#list>
