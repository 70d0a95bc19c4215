FUNCTION z_ksef_set_result.
*"----------------------------------------------------------------------
*" RFC-enabled. Stores the gateway's result for a billing document: an
*" upsert, so a repeated call (the gateway retries after a dropped
*" connection) changes nothing.
*"  IMPORTING
*"     VALUE(IV_VBELN) TYPE  VBELN_VF
*"     VALUE(IV_STATUS) TYPE  CHAR1
*"     VALUE(IV_KSEF_NUMBER) TYPE  CHAR35 OPTIONAL
*"     VALUE(IV_KSEF_TS) TYPE  CHAR30 OPTIONAL
*"     VALUE(IV_UPO) TYPE  XSTRING OPTIONAL
*"     VALUE(IT_MESSAGES) TYPE  ZKSEF_T_MESSAGE OPTIONAL
*"  EXPORTING
*"     VALUE(ES_RETURN) TYPE  BAPIRET2
*"----------------------------------------------------------------------
  DATA ls_result TYPE zksef_result.

  IF iv_status NA 'ARE'.
    es_return = VALUE #( type = 'E' id = 'ZKSEF' number = '002' message = |Status { iv_status } is not A, R or E| ).
    RETURN.
  ENDIF.
  AUTHORITY-CHECK OBJECT 'S_TABU_NAM' ID 'ACTVT' FIELD '02' ID 'TABLE' FIELD 'ZKSEF_RESULT'.
  IF sy-subrc <> 0.
    es_return = VALUE #( type = 'E' id = 'ZKSEF' number = '003' message = 'No authorization to write ZKSEF_RESULT' ).
    RETURN.
  ENDIF.

  SELECT SINGLE bukrs FROM vbrk WHERE vbeln = @iv_vbeln INTO @ls_result-bukrs.
  IF sy-subrc <> 0.
    es_return = VALUE #( type = 'E' id = 'ZKSEF' number = '004' message = |Billing document { iv_vbeln } not found| ).
    RETURN.
  ENDIF.

  " A final KSeF answer is never overwritten by a late gateway refusal.
  SELECT SINGLE status FROM zksef_result WHERE vbeln = @iv_vbeln INTO @DATA(lv_old).
  IF sy-subrc = 0 AND lv_old = 'A' AND iv_status <> 'A'.
    es_return = VALUE #( type = 'W' message = |{ iv_vbeln } already accepted by KSeF; kept| ).
    RETURN.
  ENDIF.

  ls_result-mandt       = sy-mandt.
  ls_result-vbeln       = iv_vbeln.
  ls_result-status      = iv_status.
  ls_result-ksef_number = iv_ksef_number.
  ls_result-ksef_ts     = iv_ksef_ts.
  ls_result-upo         = iv_upo.
  ls_result-messages    = concat_lines_of( table = VALUE string_table( FOR m IN it_messages ( CONV #( m-message ) ) ) sep = cl_abap_char_utilities=>newline ).
  GET TIME STAMP FIELD ls_result-changed_at.
  ls_result-changed_by  = sy-uname.

  MODIFY zksef_result FROM ls_result.
  COMMIT WORK AND WAIT.
  es_return = VALUE #( type = 'S' message = |{ iv_vbeln } stored ({ iv_status })| ).
ENDFUNCTION.
