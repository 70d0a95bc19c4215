FUNCTION z_ksef_get_pending.
*"----------------------------------------------------------------------
*" RFC-enabled. Billing documents not yet sent to KSeF (no row in ZKSEF_RESULT
*" with status A or R), oldest first.
*"  IMPORTING
*"     VALUE(IV_BUKRS) TYPE  BUKRS OPTIONAL
*"     VALUE(IV_FROM) TYPE  FKDAT DEFAULT '20260201'
*"     VALUE(IV_MAX) TYPE  I DEFAULT 50
*"  EXPORTING
*"     VALUE(ET_INVOICES) TYPE  ZKSEF_T_PENDING
*"     VALUE(ES_RETURN) TYPE  BAPIRET2
*"----------------------------------------------------------------------
  DATA lr_bukrs TYPE RANGE OF bukrs.

  AUTHORITY-CHECK OBJECT 'V_VBRK_VKO' ID 'ACTVT' FIELD '03' ID 'VKORG' DUMMY.
  IF sy-subrc <> 0.
    es_return = VALUE #( type = 'E' id = 'ZKSEF' number = '001' message = 'No authorization for billing documents' ).
    RETURN.
  ENDIF.

  IF iv_bukrs IS NOT INITIAL.
    lr_bukrs = VALUE #( ( sign = 'I' option = 'EQ' low = iv_bukrs ) ).
  ENDIF.

  " Documents with a final answer (A accepted, R rejected by KSeF) are done; E (refused by the gateway)
  " stays out too until the billing document is corrected and the row deleted (report or SE16N).
  SELECT v~vbeln, v~fkart, v~fkdat, v~bukrs, v~erdat, v~erzet
    FROM vbrk AS v
    WHERE v~bukrs IN @lr_bukrs
      AND v~fkdat >= @iv_from
      AND v~vbtyp IN ('M', 'O', 'P', 'N', 'S', 'U')   " invoice, credit memo, debit memo, cancellations, pro forma excluded
      AND v~rfbsk <> 'A'                              " not blocked for accounting transfer
      AND NOT EXISTS ( SELECT vbeln FROM zksef_result AS r WHERE r~vbeln = v~vbeln )
    ORDER BY v~erdat, v~erzet, v~vbeln
    INTO CORRESPONDING FIELDS OF TABLE @et_invoices
    UP TO @iv_max ROWS.

  es_return = VALUE #( type = 'S' message = |{ lines( et_invoices ) } billing documents pending| ).
ENDFUNCTION.
